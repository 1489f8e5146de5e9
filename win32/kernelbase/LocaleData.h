#pragma once

// The locales Halcyon knows: en-US (also the user and system default) and the invariant locale.
// Each is a table of GetLocaleInfo values; GetDateFormat/GetTimeFormat take their pictures, day
// and month names and time markers from the same table.
//
// FIXME: more locales (and a user choice of locale) once there is locale data to ship.

#include "halcyon/winnls.h"

namespace halcyon::kernelbase {

struct LocaleData {
    LCID lcid;
    const WCHAR* name; // "en-US", "" for the invariant locale
    /// LCTYPE -> value pairs, terminated by a zero type.
    struct Item {
        LCTYPE type;
        const WCHAR* value;
    };
    const Item* items;
};

/// The locale an LCID names (LOCALE_USER_DEFAULT and friends resolve to en-US), or null with
/// LastError ERROR_INVALID_PARAMETER.
const LocaleData* locale_from_lcid(LCID lcid);
/// The same for a locale name (null = user default, "" = invariant, "!x-sys-default-locale").
const LocaleData* locale_from_name(LPCWSTR name);
/// The value of `type` (without flag bits), or null when the locale has no such item.
const WCHAR* locale_item(const LocaleData& locale, LCTYPE type);

// LCTYPE values (winnls.h) the tables and the formatters use.
constexpr LCTYPE kLocaleILanguage = 0x0001;
constexpr LCTYPE kLocaleSLocalizedDisplayName = 0x0002;
constexpr LCTYPE kLocaleSAbbrevLangName = 0x0003;
constexpr LCTYPE kLocaleSNativeLangName = 0x0004;
constexpr LCTYPE kLocaleICountry = 0x0005;
constexpr LCTYPE kLocaleSLocalizedCountryName = 0x0006;
constexpr LCTYPE kLocaleSAbbrevCtryName = 0x0007;
constexpr LCTYPE kLocaleSNativeCtryName = 0x0008;
constexpr LCTYPE kLocaleIDefaultLanguage = 0x0009;
constexpr LCTYPE kLocaleIDefaultCountry = 0x000A;
constexpr LCTYPE kLocaleIDefaultCodePage = 0x000B;
constexpr LCTYPE kLocaleSList = 0x000C;
constexpr LCTYPE kLocaleIMeasure = 0x000D;
constexpr LCTYPE kLocaleSDecimal = 0x000E;
constexpr LCTYPE kLocaleSThousand = 0x000F;
constexpr LCTYPE kLocaleSGrouping = 0x0010;
constexpr LCTYPE kLocaleIDigits = 0x0011;
constexpr LCTYPE kLocaleILZero = 0x0012;
constexpr LCTYPE kLocaleSNativeDigits = 0x0013;
constexpr LCTYPE kLocaleSCurrency = 0x0014;
constexpr LCTYPE kLocaleSIntlSymbol = 0x0015;
constexpr LCTYPE kLocaleSMonDecimalSep = 0x0016;
constexpr LCTYPE kLocaleSMonThousandSep = 0x0017;
constexpr LCTYPE kLocaleSMonGrouping = 0x0018;
constexpr LCTYPE kLocaleICurrDigits = 0x0019;
constexpr LCTYPE kLocaleICurrency = 0x001B;
constexpr LCTYPE kLocaleINegCurr = 0x001C;
constexpr LCTYPE kLocaleSDate = 0x001D;
constexpr LCTYPE kLocaleSTime = 0x001E;
constexpr LCTYPE kLocaleSShortDate = 0x001F;
constexpr LCTYPE kLocaleSLongDate = 0x0020;
constexpr LCTYPE kLocaleIDate = 0x0021;
constexpr LCTYPE kLocaleILDate = 0x0022;
constexpr LCTYPE kLocaleITime = 0x0023;
constexpr LCTYPE kLocaleS1159 = 0x0028;
constexpr LCTYPE kLocaleS2359 = 0x0029;
constexpr LCTYPE kLocaleSDayName1 = 0x002A;         // Monday; ..7 = Sunday at 0x0030
constexpr LCTYPE kLocaleSAbbrevDayName1 = 0x0031;   // Mon; ..7 at 0x0037
constexpr LCTYPE kLocaleSMonthName1 = 0x0038;       // January; ..12 at 0x0043
constexpr LCTYPE kLocaleSAbbrevMonthName1 = 0x0044; // Jan; ..12 at 0x004F
constexpr LCTYPE kLocaleSPositiveSign = 0x0050;
constexpr LCTYPE kLocaleSNegativeSign = 0x0051;
constexpr LCTYPE kLocaleSIso639LangName = 0x0059;
constexpr LCTYPE kLocaleSIso3166CtryName = 0x005A;
constexpr LCTYPE kLocaleSName = 0x005C;
constexpr LCTYPE kLocaleSShortTime = 0x0079;
constexpr LCTYPE kLocaleSEnglishDisplayName = 0x0072;
constexpr LCTYPE kLocaleSNativeDisplayName = 0x0073;
constexpr LCTYPE kLocaleSMonthDay = 0x0078;
constexpr LCTYPE kLocaleSEnglishLanguageName = 0x1001;
constexpr LCTYPE kLocaleSEnglishCountryName = 0x1002;
constexpr LCTYPE kLocaleSTimeFormat = 0x1003;
constexpr LCTYPE kLocaleIDefaultAnsiCodePage = 0x1004;
constexpr LCTYPE kLocaleSYearMonth = 0x1006;
constexpr LCTYPE kLocaleICalendarType = 0x1009;
constexpr LCTYPE kLocaleIFirstDayOfWeek = 0x100C;
constexpr LCTYPE kLocaleINegNumber = 0x1010;
constexpr LCTYPE kLocaleIDefaultMacCodePage = 0x1011;

} // namespace halcyon::kernelbase
