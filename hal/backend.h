#pragma once

// Selects the HAL backend at build time. The build puts exactly one backend's include directory
// (hal-hosted/include or hal-baremetal/include) on the path; that header defines the types
// Console, Clock, PhysMem, Mmu, UserMode and Cpu in namespace halcyon::hal and static_asserts
// each against its contract.

#include <halcyon_backend.h>
