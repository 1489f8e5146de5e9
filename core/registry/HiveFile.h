#pragma once

// Halcyon's registry file format ("hreg"): how the non-volatile part of the key tree is stored
// between runs. It is our own format, not NT's regf: small, versioned, and checked end to end.
// Every integer is little-endian.
//
//   header (32 bytes)
//     0  u8[8]  magic "HALCYREG"
//     8  u32    format version (kFormatVersion)
//    12  u32    header size (32)
//    16  u64    payload size in bytes: the file is exactly header + payload
//    24  u32    CRC-32 (IEEE 802.3, as zlib's crc32) of the payload
//    28  u32    number of key records in the payload (the root included)
//   payload: key records in pre-order, the root (\Registry, empty name) first; each record is
//   followed by its subkeys' records.
//     key record
//       u16  name length in UTF-16 units (<= 256; 0 only for the root)
//       u16  class length in UTF-16 units
//       u32  flags (must be 0)
//       u64  last write time (FILETIME)
//       u32  value count
//       u32  subkey count
//       u16[] name, u16[] class
//       value records, then (later) the subkey records
//     value record
//       u16  name length in UTF-16 units (<= 16383)
//       u16  reserved (must be 0)
//       u32  type (REG_*)
//       u32  data size in bytes (<= kMaxValueDataBytes)
//       u16[] name, u8[] data
//
// The parser checks every length against the bytes that remain, the checksum, the version, the
// name rules of Key.h, duplicate names, the nesting limit and that nothing trails the last
// record; any violation is STATUS_REGISTRY_CORRUPT with a message that says which rule broke.

#include <core/lib/ErrorOr.h>
#include <core/lib/Span.h>
#include <core/lib/Vector.h>
#include <core/registry/Key.h>

namespace halcyon::registry {

constexpr u32 kFormatVersion = 1;
constexpr usize kHeaderSize = 32;

/// CRC-32 (reflected polynomial 0xEDB88320), the checksum of the payload.
u32 crc32(Span<const u8> bytes);

/// Writes the tree under `root` (the root included, volatile keys and their subtrees left out).
ErrorOr<Vector<u8>> serialize_hive(const Key& root);

/// Rebuilds a tree from a file's bytes. The result is a detached root key.
ErrorOr<RefPtr<Key>> parse_hive(Span<const u8> bytes);

} // namespace halcyon::registry
