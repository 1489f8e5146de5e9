// The locale tables (LocaleData.h). Values are those Windows 10 reports for en-US and for the
// invariant locale.

#include "win32/kernelbase/LocaleData.h"
#include "win32/kernelbase/KernelBase.h"

namespace halcyon::kernelbase {

namespace {

#define HALCYON_COMMON_NAMES                                                                                 \
    {kLocaleSDayName1 + 0, L"Monday"}, {kLocaleSDayName1 + 1, L"Tuesday"},                                   \
        {kLocaleSDayName1 + 2, L"Wednesday"}, {kLocaleSDayName1 + 3, L"Thursday"},                           \
        {kLocaleSDayName1 + 4, L"Friday"}, {kLocaleSDayName1 + 5, L"Saturday"},                              \
        {kLocaleSDayName1 + 6, L"Sunday"}, {kLocaleSAbbrevDayName1 + 0, L"Mon"},                             \
        {kLocaleSAbbrevDayName1 + 1, L"Tue"}, {kLocaleSAbbrevDayName1 + 2, L"Wed"},                          \
        {kLocaleSAbbrevDayName1 + 3, L"Thu"}, {kLocaleSAbbrevDayName1 + 4, L"Fri"},                          \
        {kLocaleSAbbrevDayName1 + 5, L"Sat"}, {kLocaleSAbbrevDayName1 + 6, L"Sun"},                          \
        {kLocaleSMonthName1 + 0, L"January"}, {kLocaleSMonthName1 + 1, L"February"},                         \
        {kLocaleSMonthName1 + 2, L"March"}, {kLocaleSMonthName1 + 3, L"April"},                              \
        {kLocaleSMonthName1 + 4, L"May"}, {kLocaleSMonthName1 + 5, L"June"},                                 \
        {kLocaleSMonthName1 + 6, L"July"}, {kLocaleSMonthName1 + 7, L"August"},                              \
        {kLocaleSMonthName1 + 8, L"September"}, {kLocaleSMonthName1 + 9, L"October"},                        \
        {kLocaleSMonthName1 + 10, L"November"}, {kLocaleSMonthName1 + 11, L"December"},                      \
        {kLocaleSAbbrevMonthName1 + 0, L"Jan"}, {kLocaleSAbbrevMonthName1 + 1, L"Feb"},                      \
        {kLocaleSAbbrevMonthName1 + 2, L"Mar"}, {kLocaleSAbbrevMonthName1 + 3, L"Apr"},                      \
        {kLocaleSAbbrevMonthName1 + 4, L"May"}, {kLocaleSAbbrevMonthName1 + 5, L"Jun"},                      \
        {kLocaleSAbbrevMonthName1 + 6, L"Jul"}, {kLocaleSAbbrevMonthName1 + 7, L"Aug"},                      \
        {kLocaleSAbbrevMonthName1 + 8, L"Sep"}, {kLocaleSAbbrevMonthName1 + 9, L"Oct"},                      \
        {kLocaleSAbbrevMonthName1 + 10, L"Nov"}, {kLocaleSAbbrevMonthName1 + 11, L"Dec"},                    \
        {kLocaleS1159, L"AM"}, {kLocaleS2359, L"PM"}, {kLocaleSDecimal, L"."}, {kLocaleSThousand, L","},     \
        {kLocaleSGrouping, L"3;0"}, {kLocaleSMonDecimalSep, L"."}, {kLocaleSMonThousandSep, L","},           \
        {kLocaleSMonGrouping, L"3;0"}, {kLocaleSList, L","}, {kLocaleSNegativeSign, L"-"},                   \
        {kLocaleSPositiveSign, L""}, {kLocaleSNativeDigits, L"0123456789"}, {kLocaleIDigits, L"2"},          \
        {kLocaleILZero, L"1"}, {kLocaleICurrDigits, L"2"}, {kLocaleICurrency, L"0"}, {kLocaleSDate, L"/"},   \
        {kLocaleSTime, L":"}, {kLocaleIDefaultAnsiCodePage, L"1252"}, {kLocaleIDefaultCodePage, L"437"},     \
        {kLocaleIDefaultMacCodePage, L"10000"}, {kLocaleICalendarType, L"1"}, {                              \
        kLocaleINegNumber, L"1"                                                                              \
    }

constexpr LocaleData::Item kEnglishUs[] = {
    HALCYON_COMMON_NAMES,
    {kLocaleILanguage, L"0409"},
    {kLocaleIDefaultLanguage, L"0409"},
    {kLocaleSName, L"en-US"},
    {kLocaleSLocalizedDisplayName, L"English (United States)"},
    {kLocaleSEnglishDisplayName, L"English (United States)"},
    {kLocaleSNativeDisplayName, L"English (United States)"},
    {kLocaleSAbbrevLangName, L"ENU"},
    {kLocaleSNativeLangName, L"English"},
    {kLocaleSEnglishLanguageName, L"English"},
    {kLocaleSLocalizedCountryName, L"United States"},
    {kLocaleSEnglishCountryName, L"United States"},
    {kLocaleSNativeCtryName, L"United States"},
    {kLocaleSAbbrevCtryName, L"USA"},
    {kLocaleICountry, L"1"},
    {kLocaleIDefaultCountry, L"1"},
    {kLocaleSIso639LangName, L"en"},
    {kLocaleSIso3166CtryName, L"US"},
    {kLocaleIMeasure, L"1"},
    {kLocaleSCurrency, L"$"},
    {kLocaleSIntlSymbol, L"USD"},
    {kLocaleINegCurr, L"0"},
    {kLocaleSShortDate, L"M/d/yyyy"},
    {kLocaleSLongDate, L"dddd, MMMM d, yyyy"},
    {kLocaleSYearMonth, L"MMMM yyyy"},
    {kLocaleSMonthDay, L"MMMM d"},
    {kLocaleSTimeFormat, L"h:mm:ss tt"},
    {kLocaleSShortTime, L"h:mm tt"},
    {kLocaleIDate, L"0"},
    {kLocaleILDate, L"0"},
    {kLocaleITime, L"0"},
    {kLocaleIFirstDayOfWeek, L"6"},
    {0, nullptr},
};

constexpr LocaleData::Item kInvariant[] = {
    HALCYON_COMMON_NAMES,
    {kLocaleILanguage, L"007f"},
    {kLocaleIDefaultLanguage, L"007f"},
    {kLocaleSName, L""},
    {kLocaleSLocalizedDisplayName, L"Invariant Language (Invariant Country)"},
    {kLocaleSEnglishDisplayName, L"Invariant Language (Invariant Country)"},
    {kLocaleSNativeDisplayName, L"Invariant Language (Invariant Country)"},
    {kLocaleSAbbrevLangName, L"IVL"},
    {kLocaleSNativeLangName, L"Invariant Language"},
    {kLocaleSEnglishLanguageName, L"Invariant Language"},
    {kLocaleSLocalizedCountryName, L"Invariant Country"},
    {kLocaleSEnglishCountryName, L"Invariant Country"},
    {kLocaleSNativeCtryName, L"Invariant Country"},
    {kLocaleSAbbrevCtryName, L"IVC"},
    {kLocaleICountry, L"1"},
    {kLocaleIDefaultCountry, L"1"},
    {kLocaleSIso639LangName, L"iv"},
    {kLocaleSIso3166CtryName, L"IV"},
    {kLocaleIMeasure, L"0"},
    {kLocaleSCurrency, L"\x00A4"},
    {kLocaleSIntlSymbol, L"XDR"},
    {kLocaleINegCurr, L"0"},
    {kLocaleSShortDate, L"MM/dd/yyyy"},
    {kLocaleSLongDate, L"dddd, dd MMMM yyyy"},
    {kLocaleSYearMonth, L"yyyy MMMM"},
    {kLocaleSMonthDay, L"MMMM dd"},
    {kLocaleSTimeFormat, L"HH:mm:ss"},
    {kLocaleSShortTime, L"HH:mm"},
    {kLocaleIDate, L"0"},
    {kLocaleILDate, L"1"},
    {kLocaleITime, L"1"},
    {kLocaleIFirstDayOfWeek, L"0"},
    {0, nullptr},
};

#undef HALCYON_COMMON_NAMES

constexpr LocaleData kEnglishUsLocale = {0x0409, L"en-US", kEnglishUs};
constexpr LocaleData kInvariantLocale = {LOCALE_INVARIANT, L"", kInvariant};

bool names_equal(const WCHAR* a, const WCHAR* b) {
    for (;; ++a, ++b) {
        WCHAR x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = static_cast<WCHAR>(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = static_cast<WCHAR>(y + 32);
        if (x != y)
            return false;
        if (!x)
            return true;
    }
}

} // namespace

const LocaleData* locale_from_lcid(LCID lcid) {
    // The sort id (bits 16..19) does not change formats.
    switch (lcid & 0xFFFF) {
    case LOCALE_NEUTRAL:
    case LOCALE_USER_DEFAULT:
    case LOCALE_SYSTEM_DEFAULT:
    case LOCALE_CUSTOM_DEFAULT:
    case LOCALE_CUSTOM_UI_DEFAULT:
    case 0x0409:
        return &kEnglishUsLocale;
    case LOCALE_INVARIANT:
        return &kInvariantLocale;
    default:
        set_last_error(ERROR_INVALID_PARAMETER);
        return nullptr;
    }
}

const LocaleData* locale_from_name(LPCWSTR name) {
    if (!name || names_equal(name, L"en-US") || names_equal(name, L"!x-sys-default-locale"))
        return &kEnglishUsLocale;
    if (!name[0])
        return &kInvariantLocale;
    set_last_error(ERROR_INVALID_PARAMETER);
    return nullptr;
}

const WCHAR* locale_item(const LocaleData& locale, LCTYPE type) {
    for (const LocaleData::Item* item = locale.items; item->type; ++item) {
        if (item->type == type)
            return item->value;
    }
    return nullptr;
}

} // namespace halcyon::kernelbase
