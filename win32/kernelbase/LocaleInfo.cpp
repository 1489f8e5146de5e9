// GetLocaleInfo(A/W/Ex) over the locale tables of LocaleData.cpp, and the default-locale queries.

#include "halcyon/winnls.h"
#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/LocaleData.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

/// Items whose LOCALE_RETURN_NUMBER form is the decimal value of the string (ILANGUAGE and
/// IDEFAULTLANGUAGE are hexadecimal).
bool is_numeric_item(LCTYPE type, unsigned& base) {
    base = 10;
    switch (type) {
    case kLocaleILanguage:
    case kLocaleIDefaultLanguage:
        base = 16;
        return true;
    case kLocaleICountry:
    case kLocaleIDefaultCountry:
    case kLocaleIDefaultCodePage:
    case kLocaleIMeasure:
    case kLocaleIDigits:
    case kLocaleILZero:
    case kLocaleICurrDigits:
    case kLocaleICurrency:
    case kLocaleINegCurr:
    case kLocaleIDate:
    case kLocaleILDate:
    case kLocaleITime:
    case kLocaleIDefaultAnsiCodePage:
    case kLocaleICalendarType:
    case kLocaleIFirstDayOfWeek:
    case kLocaleIDefaultMacCodePage:
    case kLocaleINegNumber:
        return true;
    default:
        return false;
    }
}

int locale_info(const LocaleData* locale, LCTYPE type, LPWSTR buffer, int size) {
    if (size < 0 || (size > 0 && !buffer)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (!locale)
        return 0;
    bool const as_number = type & LOCALE_RETURN_NUMBER;
    LCTYPE const item = type & ~(LOCALE_NOUSEROVERRIDE | LOCALE_USE_CP_ACP | LOCALE_RETURN_NUMBER);
    const WCHAR* value = locale_item(*locale, item);
    unsigned base = 10;
    if (!value || (as_number && !is_numeric_item(item, base))) {
        set_last_error(ERROR_INVALID_FLAGS);
        return 0;
    }
    if (as_number) {
        // The value as a DWORD in the first two WCHARs of the buffer.
        constexpr int kUnits = sizeof(DWORD) / sizeof(WCHAR);
        if (size == 0)
            return kUnits;
        if (size < kUnits) {
            set_last_error(ERROR_INSUFFICIENT_BUFFER);
            return 0;
        }
        DWORD number = 0;
        for (const WCHAR* p = value; *p; ++p) {
            unsigned digit = (*p >= '0' && *p <= '9') ? *p - '0' : (*p | 0x20) - 'a' + 10;
            number = number * base + digit;
        }
        __builtin_memcpy(buffer, &number, sizeof(number));
        return kUnits;
    }
    int const needed = static_cast<int>(wide_length(value)) + 1;
    if (size == 0)
        return needed;
    if (size < needed) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    __builtin_memcpy(buffer, value, static_cast<size_t>(needed) * sizeof(WCHAR));
    return needed;
}

} // namespace

extern "C" {

int WINAPI GetLocaleInfoW(LCID lcid, LCTYPE type, LPWSTR buffer, int size) {
    return locale_info(locale_from_lcid(lcid), type, buffer, size);
}

int WINAPI GetLocaleInfoEx(LPCWSTR name, LCTYPE type, LPWSTR buffer, int size) {
    return locale_info(locale_from_name(name), type, buffer, size);
}

int WINAPI GetLocaleInfoA(LCID lcid, LCTYPE type, LPSTR buffer, int size) {
    if (size < 0 || (size > 0 && !buffer)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    if (type & LOCALE_RETURN_NUMBER) // The DWORD is returned as is, in bytes.
        return locale_info(locale_from_lcid(lcid), type, reinterpret_cast<LPWSTR>(buffer), size / 2) * 2;
    WCHAR wide[128];
    int const units = locale_info(locale_from_lcid(lcid), type, wide, 128);
    if (units == 0)
        return 0;
    int const bytes = WideCharToMultiByte(CP_ACP, 0, wide, -1, nullptr, 0, nullptr, nullptr);
    if (size == 0)
        return bytes;
    if (size < bytes) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    return WideCharToMultiByte(CP_ACP, 0, wide, -1, buffer, size, nullptr, nullptr);
}

LANGID WINAPI GetUserDefaultLangID(void) {
    return 0x0409;
}
LANGID WINAPI GetSystemDefaultLangID(void) {
    return 0x0409;
}
LCID WINAPI GetSystemDefaultLCID(void) {
    return 0x0409;
}

int WINAPI GetUserDefaultLocaleName(LPWSTR name, int size) {
    return GetLocaleInfoW(LOCALE_USER_DEFAULT, kLocaleSName, name, size);
}

} // extern "C"
