#include "pe/ApiSet.h"

namespace halcyon::pe {

bool is_api_set_name(StringView dll_name) {
    return dll_name.starts_with_ignoring_case("api-ms-"_sv) || dll_name.starts_with_ignoring_case("ext-ms-"_sv);
}

StringView resolve_api_set(StringView dll_name) {
    // The prefix match ignores the rest of the name, so "-l1-1-0" version suffixes and a
    // missing or present ".dll" extension all resolve alike.
    if (dll_name.starts_with_ignoring_case("api-ms-win-crt-"_sv))
        return "ucrtbase.dll"_sv;
    if (dll_name.starts_with_ignoring_case("api-ms-win-core-"_sv))
        return "kernelbase.dll"_sv;
    return dll_name;
}

} // namespace halcyon::pe
