#pragma once

// The kinds of kernel object a handle can refer to. Services look a handle up with the type they
// expect and fail with ObjectTypeMismatch otherwise, as NT's ObReferenceObjectByHandle does.

#include <core/lib/Types.h>

namespace halcyon::ob {

enum class ObjectType : u8 {
    /// Not a real type: passed to lookups to mean "any type is acceptable".
    Any = 0,
    Process,
    Thread,
    Event,
    Mutant,
    Semaphore,
    Timer,
    Section,
    File,
    Key,
    Token,
    IoCompletion,
    Directory,
    SymbolicLink,
    Job,
    WindowStation,
    Desktop,
    /// A data section (pagefile- or file-backed). NT has one Section type; Halcyon keeps image
    /// sections (ps::ImageSection) and data sections (mm::DataSection) apart so a lookup always
    /// yields the class it names. Both report "Section".
    DataSection,
};

/// The NT type name ("File", "Process", ...) as NtQueryObject(ObjectTypeInformation) reports it.
constexpr const char* object_type_name(ObjectType type) {
    switch (type) {
    case ObjectType::Any:
        return "Any";
    case ObjectType::Process:
        return "Process";
    case ObjectType::Thread:
        return "Thread";
    case ObjectType::Event:
        return "Event";
    case ObjectType::Mutant:
        return "Mutant";
    case ObjectType::Semaphore:
        return "Semaphore";
    case ObjectType::Timer:
        return "Timer";
    case ObjectType::Section:
        return "Section";
    case ObjectType::File:
        return "File";
    case ObjectType::Key:
        return "Key";
    case ObjectType::Token:
        return "Token";
    case ObjectType::IoCompletion:
        return "IoCompletion";
    case ObjectType::Directory:
        return "Directory";
    case ObjectType::SymbolicLink:
        return "SymbolicLink";
    case ObjectType::Job:
        return "Job";
    case ObjectType::WindowStation:
        return "WindowStation";
    case ObjectType::Desktop:
        return "Desktop";
    case ObjectType::DataSection:
        return "Section";
    }
    return "?";
}

} // namespace halcyon::ob
