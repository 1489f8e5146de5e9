// Locale support: the CRT runs in the "C" locale only. setlocale accepts "C" and "" (which on
// Windows would select the user's locale; we map it to "C" as well) and refuses everything else,
// so programs that check the result see an honest failure.
// FIXME: real locales (code pages other than the "C" single-byte one, localized lconv).

#include "win32/crt/Errno.h"
#include "win32/crt/Os.h"

namespace {

/// struct lconv (Microsoft layout; the trailing wide members are ucrt's additions).
struct Lconv {
    char* decimal_point;
    char* thousands_sep;
    char* grouping;
    char* int_curr_symbol;
    char* currency_symbol;
    char* mon_decimal_point;
    char* mon_thousands_sep;
    char* mon_grouping;
    char* positive_sign;
    char* negative_sign;
    char int_frac_digits;
    char frac_digits;
    char p_cs_precedes;
    char p_sep_by_space;
    char n_cs_precedes;
    char n_sep_by_space;
    char p_sign_posn;
    char n_sign_posn;
    crt::WideChar* w_decimal_point;
    crt::WideChar* w_thousands_sep;
    crt::WideChar* w_int_curr_symbol;
    crt::WideChar* w_currency_symbol;
    crt::WideChar* w_mon_decimal_point;
    crt::WideChar* w_mon_thousands_sep;
    crt::WideChar* w_positive_sign;
    crt::WideChar* w_negative_sign;
};

char g_point[] = ".";
char g_empty[] = "";
crt::WideChar g_wide_point[] = {'.', 0};
crt::WideChar g_wide_empty[] = {0};
constexpr char kCharMax = 127;

Lconv g_lconv = {g_point, g_empty, g_empty, g_empty, g_empty, g_empty, g_empty, g_empty, g_empty, g_empty,
                 kCharMax, kCharMax, kCharMax, kCharMax, kCharMax, kCharMax, kCharMax, kCharMax,
                 g_wide_point, g_wide_empty, g_wide_empty, g_wide_empty, g_wide_empty, g_wide_empty,
                 g_wide_empty, g_wide_empty};

char g_c_name[] = "C";
crt::WideChar g_wide_c_name[] = {'C', 0};

template <typename CharT>
bool is_c_locale(const CharT* name) {
    if (name[0] == 0)
        return true; // "" selects the user default, which for us is "C"
    if (name[0] == 'C' && name[1] == 0)
        return true;
    // "POSIX" is not accepted by the Microsoft CRT either.
    return false;
}

} // namespace

CRT_EXPORT char* setlocale(int category, const char* locale) {
    if (category < 0 || category > 5) { // LC_ALL .. LC_TIME
        crt::set_errno(crt::kEINVAL);
        return nullptr;
    }
    if (!locale || is_c_locale(locale))
        return g_c_name;
    return nullptr;
}

CRT_EXPORT crt::WideChar* _wsetlocale(int category, const crt::WideChar* locale) {
    if (category < 0 || category > 5) {
        crt::set_errno(crt::kEINVAL);
        return nullptr;
    }
    if (!locale || is_c_locale(locale))
        return g_wide_c_name;
    return nullptr;
}

CRT_EXPORT Lconv* localeconv() { return &g_lconv; }

/// The "C" locale has no code page of its own (the CRT reports 0 and treats bytes as Latin-1).
CRT_EXPORT unsigned int ___lc_codepage_func() { return 0; }
CRT_EXPORT unsigned int ___lc_collate_cp_func() { return 0; }
CRT_EXPORT unsigned int* ___lc_handle_func() {
    static unsigned int handles[6];
    return handles;
}
CRT_EXPORT int __lconv_init() { return 0; }
CRT_EXPORT int _configthreadlocale(int type) {
    // Per-thread locales make no difference while only "C" exists; report the global default.
    if (type < -1 || type > 2) {
        crt::set_errno(crt::kEINVAL);
        return -1;
    }
    return 2; // _DISABLE_PER_THREAD_LOCALE
}
CRT_EXPORT int _getmbcp() { return 0; }
CRT_EXPORT int _setmbcp(int code_page) {
    // Only the "C" single-byte locale (0) and the ANSI code page as a no-op are accepted.
    if (code_page == 0 || code_page == -3 || code_page == -4 ||
        static_cast<unsigned>(code_page) == crt::os::ansi_code_page())
        return 0;
    crt::set_errno(crt::kEINVAL);
    return -1;
}
CRT_EXPORT void* _get_current_locale() { return nullptr; }
CRT_EXPORT void* _create_locale(int, const char* locale) {
    return locale && is_c_locale(locale) ? reinterpret_cast<void*>(&g_lconv) : nullptr;
}
CRT_EXPORT void _free_locale(void*) {}
