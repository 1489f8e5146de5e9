// GetNumberFormat(W/Ex) and GetCurrencyFormat(W/Ex): a decimal string ("-1234.5678") laid out
// with the locale's (or the caller's NUMBERFMT/CURRENCYFMT) digits after the point (rounded half
// away from zero), leading zero, digit grouping, separators, and negative/positive patterns.
//
// Grouping is NUMBERFMT's encoding: 0 = none, 1..9 = groups of that size, and a multi-digit value
// lists the group sizes from the decimal point outwards, the last repeating unless it is 0 (32 is
// India's 3;2). The ANSI variants convert their strings through CP_ACP and call the Unicode ones.

#include "halcyon/winnls.h"
#include "win32/kernelbase/KernelBase.h"
#include "win32/kernelbase/LocaleData.h"

using namespace halcyon;
using namespace halcyon::kernelbase;

namespace {

constexpr size_t kMaxDigits = 128;

/// The parsed input: a sign and the digits on both sides of the point.
struct Decimal {
    bool negative = false;
    WCHAR integer[kMaxDigits + 2];
    size_t integer_length = 0;
    WCHAR fraction[kMaxDigits];
    size_t fraction_length = 0;
};

bool parse_decimal(LPCWSTR value, Decimal& out) {
    if (!value)
        return false;
    const WCHAR* p = value;
    if (*p == '-') {
        out.negative = true;
        ++p;
    }
    while (*p >= '0' && *p <= '9') {
        if (out.integer_length >= kMaxDigits)
            return false;
        out.integer[out.integer_length++] = *p++;
    }
    if (*p == '.') {
        ++p;
        while (*p >= '0' && *p <= '9') {
            if (out.fraction_length >= kMaxDigits)
                return false;
            out.fraction[out.fraction_length++] = *p++;
        }
    }
    return *p == 0 && (out.integer_length + out.fraction_length) > 0;
}

/// Rounds to `digits` places (half away from zero), padding the fraction with zeros.
void round_to(Decimal& number, UINT digits) {
    if (number.fraction_length > digits) {
        bool carry = number.fraction[digits] >= '5';
        number.fraction_length = digits;
        for (size_t i = digits; carry && i > 0; --i) {
            if (number.fraction[i - 1] == '9') {
                number.fraction[i - 1] = '0';
            } else {
                ++number.fraction[i - 1];
                carry = false;
            }
        }
        for (size_t i = number.integer_length; carry && i > 0; --i) {
            if (number.integer[i - 1] == '9') {
                number.integer[i - 1] = '0';
            } else {
                ++number.integer[i - 1];
                carry = false;
            }
        }
        if (carry) {
            for (size_t i = number.integer_length; i > 0; --i)
                number.integer[i] = number.integer[i - 1];
            number.integer[0] = '1';
            ++number.integer_length;
        }
    }
    while (number.fraction_length < digits)
        number.fraction[number.fraction_length++] = '0';
    // Leading zeros of the integer part go (they are not significant); "000" is zero.
    size_t skip = 0;
    while (skip < number.integer_length && number.integer[skip] == '0')
        ++skip;
    for (size_t i = skip; i < number.integer_length; ++i)
        number.integer[i - skip] = number.integer[i];
    number.integer_length -= skip;
}

class Text {
public:
    void push(WCHAR c) {
        if (m_length < kCapacity - 1)
            m_data[m_length++] = c;
        else
            m_overflow = true;
        m_data[m_length] = 0;
    }
    void append(const WCHAR* s) {
        for (; s && *s; ++s)
            push(*s);
    }
    const WCHAR* data() const { return m_data; }
    size_t length() const { return m_length; }
    bool overflow() const { return m_overflow; }

private:
    static constexpr size_t kCapacity = 4 * kMaxDigits + 128;
    WCHAR m_data[kCapacity] = {0};
    size_t m_length = 0;
    bool m_overflow = false;
};

/// The digits with grouping, leading zero, point and fraction (no sign).
void layout(const Decimal& number, UINT digits, UINT leading_zero, UINT grouping, const WCHAR* decimal,
            const WCHAR* thousand, Text& out) {
    // Group sizes from the point outwards; the last repeats unless the encoding ends in 0.
    UINT sizes[10];
    size_t count = 0;
    bool repeat = true;
    {
        WCHAR encoded[12];
        size_t n = 0;
        UINT g = grouping;
        do {
            encoded[n++] = static_cast<WCHAR>('0' + g % 10);
            g /= 10;
        } while (g && n < 10);
        for (size_t i = n; i > 0; --i)
            sizes[count++] = encoded[i - 1] - '0';
        if (count > 1 && sizes[count - 1] == 0) {
            repeat = false;
            --count;
        }
        if (count == 1 && sizes[0] == 0)
            count = 0;
    }
    // Mark where separators go, counting from the right of the integer part.
    bool separator_after[kMaxDigits + 2] = {false};
    if (count) {
        size_t position = 0, group = 0;
        while (true) {
            UINT const size = sizes[group < count ? group : count - 1];
            if (size == 0)
                break;
            position += size;
            if (position >= number.integer_length)
                break;
            separator_after[number.integer_length - position - 1] = true;
            if (group + 1 < count)
                ++group;
            else if (!repeat)
                break;
        }
    }
    if (number.integer_length == 0) {
        if (leading_zero || digits == 0)
            out.push('0');
    } else {
        for (size_t i = 0; i < number.integer_length; ++i) {
            out.push(number.integer[i]);
            if (separator_after[i])
                out.append(thousand);
        }
    }
    if (digits) {
        out.append(decimal);
        for (size_t i = 0; i < number.fraction_length; ++i)
            out.push(number.fraction[i]);
    }
}

bool is_zero(const Decimal& number) {
    for (size_t i = 0; i < number.integer_length; ++i)
        if (number.integer[i] != '0')
            return false;
    for (size_t i = 0; i < number.fraction_length; ++i)
        if (number.fraction[i] != '0')
            return false;
    return true;
}

UINT locale_number(const LocaleData& locale, LCTYPE type) {
    const WCHAR* value = locale_item(locale, type);
    UINT n = 0;
    for (; value && *value >= '0' && *value <= '9'; ++value)
        n = n * 10 + (*value - '0');
    return n;
}

/// "3;0" -> 3, "3;2;0" -> 32: the locale string form of the grouping into NUMBERFMT's.
UINT locale_grouping(const LocaleData& locale, LCTYPE type) {
    const WCHAR* value = locale_item(locale, type);
    UINT n = 0;
    bool last_zero = false;
    for (; value && *value; ++value) {
        if (*value >= '0' && *value <= '9') {
            n = n * 10 + (*value - '0');
            last_zero = *value == '0';
        }
    }
    // The string's trailing ";0" means "repeat", NUMBERFMT's trailing 0 means "do not".
    return last_zero && n >= 10 ? n / 10 : (n == 0 ? 0 : n * 10);
}

int deliver(const Text& text, LPWSTR buffer, int size) {
    if (text.overflow()) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    int const needed = static_cast<int>(text.length()) + 1;
    if (size == 0)
        return needed;
    if (size < needed) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    __builtin_memcpy(buffer, text.data(), static_cast<size_t>(needed) * sizeof(WCHAR));
    return needed;
}

bool check_common(const LocaleData* locale, DWORD flags, bool has_format, LPWSTR buffer, int size) {
    if (size < 0 || (size > 0 && !buffer)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return false;
    }
    if (!locale)
        return false;
    if ((flags & ~(LOCALE_NOUSEROVERRIDE | LOCALE_USE_CP_ACP)) ||
        (has_format && (flags & LOCALE_NOUSEROVERRIDE))) {
        set_last_error(ERROR_INVALID_FLAGS);
        return false;
    }
    return true;
}

int number_format(const LocaleData* locale, DWORD flags, LPCWSTR value, const NUMBERFMTW* format,
                  LPWSTR buffer, int size) {
    if (!check_common(locale, flags, format != nullptr, buffer, size))
        return 0;
    Decimal number;
    if (!parse_decimal(value, number) ||
        (format && (format->NumDigits > 9 || format->LeadingZero > 1 || format->NegativeOrder > 4 ||
                    !format->lpDecimalSep || !format->lpThousandSep))) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    UINT const digits = format ? format->NumDigits : locale_number(*locale, kLocaleIDigits);
    UINT const leading_zero = format ? format->LeadingZero : locale_number(*locale, kLocaleILZero);
    UINT const grouping = format ? format->Grouping : locale_grouping(*locale, kLocaleSGrouping);
    const WCHAR* decimal = format ? format->lpDecimalSep : locale_item(*locale, kLocaleSDecimal);
    const WCHAR* thousand = format ? format->lpThousandSep : locale_item(*locale, kLocaleSThousand);
    UINT const negative_order = format ? format->NegativeOrder : locale_number(*locale, kLocaleINegNumber);
    round_to(number, digits);
    bool const negative = number.negative && !is_zero(number);
    Text digits_text;
    layout(number, digits, leading_zero, grouping, decimal, thousand, digits_text);
    Text out;
    if (!negative) {
        out.append(digits_text.data());
    } else {
        static const WCHAR* const kBefore[] = {L"(", L"-", L"- ", L"", L""};
        static const WCHAR* const kAfter[] = {L")", L"", L"", L"-", L" -"};
        out.append(kBefore[negative_order]);
        out.append(digits_text.data());
        out.append(kAfter[negative_order]);
    }
    return deliver(out, buffer, size);
}

int currency_format(const LocaleData* locale, DWORD flags, LPCWSTR value, const CURRENCYFMTW* format,
                    LPWSTR buffer, int size) {
    if (!check_common(locale, flags, format != nullptr, buffer, size))
        return 0;
    Decimal number;
    if (!parse_decimal(value, number) ||
        (format && (format->NumDigits > 9 || format->LeadingZero > 1 || format->NegativeOrder > 15 ||
                    format->PositiveOrder > 3 || !format->lpDecimalSep || !format->lpThousandSep ||
                    !format->lpCurrencySymbol))) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    UINT const digits = format ? format->NumDigits : locale_number(*locale, kLocaleICurrDigits);
    UINT const leading_zero = format ? format->LeadingZero : locale_number(*locale, kLocaleILZero);
    UINT const grouping = format ? format->Grouping : locale_grouping(*locale, kLocaleSMonGrouping);
    const WCHAR* decimal = format ? format->lpDecimalSep : locale_item(*locale, kLocaleSMonDecimalSep);
    const WCHAR* thousand = format ? format->lpThousandSep : locale_item(*locale, kLocaleSMonThousandSep);
    const WCHAR* symbol = format ? format->lpCurrencySymbol : locale_item(*locale, kLocaleSCurrency);
    UINT const negative_order = format ? format->NegativeOrder : locale_number(*locale, kLocaleINegCurr);
    UINT const positive_order = format ? format->PositiveOrder : locale_number(*locale, kLocaleICurrency);
    round_to(number, digits);
    bool const negative = number.negative && !is_zero(number);
    Text digits_text;
    layout(number, digits, leading_zero, grouping, decimal, thousand, digits_text);

    // Each pattern as a string over: '$' symbol, 'n' number, '-' sign, '(' ')' ' ' literal.
    static const char* const kPositive[] = {"$n", "n$", "$ n", "n $"};
    static const char* const kNegative[] = {"($n)", "-$n",  "$-n",  "$n-",  "(n$)", "-n$",  "n-$",   "n$-",
                                            "-n $", "-$ n", "n $-", "$ n-", "$ -n", "n- $", "($ n)", "(n $)"};
    const char* pattern = negative ? kNegative[negative_order] : kPositive[positive_order];
    Text out;
    for (const char* p = pattern; *p; ++p) {
        if (*p == '$')
            out.append(symbol);
        else if (*p == 'n')
            out.append(digits_text.data());
        else if (*p == '-')
            out.append(locale_item(*locale, kLocaleSNegativeSign));
        else
            out.push(static_cast<WCHAR>(*p));
    }
    return deliver(out, buffer, size);
}

/// Copies a UTF-16 result to an ANSI buffer with the size-query convention (bytes, NUL included).
int deliver_ansi(const WCHAR* wide, LPSTR buffer, int size) {
    int const bytes = WideCharToMultiByte(CP_ACP, 0, wide, -1, nullptr, 0, nullptr, nullptr);
    if (size == 0)
        return bytes;
    if (size < bytes) {
        set_last_error(ERROR_INSUFFICIENT_BUFFER);
        return 0;
    }
    return WideCharToMultiByte(CP_ACP, 0, wide, -1, buffer, size, nullptr, nullptr);
}

} // namespace

extern "C" {

int WINAPI GetNumberFormatW(LCID lcid, DWORD flags, LPCWSTR value, const NUMBERFMTW* format, LPWSTR buffer,
                            int size) {
    return number_format(locale_from_lcid(lcid), flags, value, format, buffer, size);
}

int WINAPI GetNumberFormatEx(LPCWSTR locale, DWORD flags, LPCWSTR value, const NUMBERFMTW* format,
                             LPWSTR buffer, int size) {
    return number_format(locale_from_name(locale), flags, value, format, buffer, size);
}

int WINAPI GetCurrencyFormatW(LCID lcid, DWORD flags, LPCWSTR value, const CURRENCYFMTW* format,
                              LPWSTR buffer, int size) {
    return currency_format(locale_from_lcid(lcid), flags, value, format, buffer, size);
}

int WINAPI GetCurrencyFormatEx(LPCWSTR locale, DWORD flags, LPCWSTR value, const CURRENCYFMTW* format,
                               LPWSTR buffer, int size) {
    return currency_format(locale_from_name(locale), flags, value, format, buffer, size);
}

int WINAPI GetNumberFormatA(LCID lcid, DWORD flags, LPCSTR value, const NUMBERFMTA* format, LPSTR buffer,
                            int size) {
    if (size < 0 || (size > 0 && !buffer)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WideString wide_value(value, CP_ACP);
    WideString decimal(format ? format->lpDecimalSep : nullptr, CP_ACP);
    WideString thousand(format ? format->lpThousandSep : nullptr, CP_ACP);
    if (!wide_value.ok() || !decimal.ok() || !thousand.ok())
        return 0;
    NUMBERFMTW wide_format{};
    if (format)
        wide_format = {format->NumDigits, format->LeadingZero, format->Grouping,
                       decimal.get(),     thousand.get(),      format->NegativeOrder};
    WCHAR result[640];
    if (!GetNumberFormatW(lcid, flags, wide_value.get(), format ? &wide_format : nullptr, result, 640))
        return 0;
    return deliver_ansi(result, buffer, size);
}

int WINAPI GetCurrencyFormatA(LCID lcid, DWORD flags, LPCSTR value, const CURRENCYFMTA* format, LPSTR buffer,
                              int size) {
    if (size < 0 || (size > 0 && !buffer)) {
        set_last_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    WideString wide_value(value, CP_ACP);
    WideString decimal(format ? format->lpDecimalSep : nullptr, CP_ACP);
    WideString thousand(format ? format->lpThousandSep : nullptr, CP_ACP);
    WideString symbol(format ? format->lpCurrencySymbol : nullptr, CP_ACP);
    if (!wide_value.ok() || !decimal.ok() || !thousand.ok() || !symbol.ok())
        return 0;
    CURRENCYFMTW wide_format{};
    if (format)
        wide_format = {format->NumDigits, format->LeadingZero,   format->Grouping,      decimal.get(),
                       thousand.get(),    format->NegativeOrder, format->PositiveOrder, symbol.get()};
    WCHAR result[640];
    if (!GetCurrencyFormatW(lcid, flags, wide_value.get(), format ? &wide_format : nullptr, result, 640))
        return 0;
    return deliver_ansi(result, buffer, size);
}

} // extern "C"
