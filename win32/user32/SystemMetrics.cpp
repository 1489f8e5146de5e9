// GetSystemMetrics on a system without a display: Halcyon has no screen, mouse or monitor yet
// (user32 has no window manager), so every metric is 0 -- screen sizes, monitor and mouse-button
// counts, frame sizes alike -- which is also what Windows returns for an unknown index.
// FIXME: real values from the compositor's display once user32 has windows.

#include "halcyon/winuser.h"

extern "C" int WINAPI GetSystemMetrics(int index) {
    (void)index;
    return 0;
}
