// POSIX TZ strings into TIME_ZONE_INFORMATION-shaped rules, and applying the rules.

#include "win32/kernelbase/TimeZoneRules.h"

namespace halcyon::win32::time {

namespace {

constexpr int64_t kTicksPerMinute = 60 * static_cast<int64_t>(kTicksPerSecond);

void set_name(uint16_t* out, const uint16_t* text, size_t length) {
    size_t i = 0;
    for (; i < length && i + 1 < kZoneNameLength; ++i)
        out[i] = text[i];
    for (; i < kZoneNameLength; ++i)
        out[i] = 0;
}

void set_ascii_name(uint16_t* out, const char* text) {
    size_t i = 0;
    for (; text[i] && i + 1 < kZoneNameLength; ++i)
        out[i] = static_cast<uint8_t>(text[i]);
    for (; i < kZoneNameLength; ++i)
        out[i] = 0;
}

bool is_alpha(uint16_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_digit(uint16_t c) {
    return c >= '0' && c <= '9';
}

class Cursor {
public:
    Cursor(const uint16_t* text, size_t length) : m_text(text), m_length(length) {}
    bool at_end() const { return m_position >= m_length; }
    uint16_t peek() const { return at_end() ? 0 : m_text[m_position]; }
    bool accept(uint16_t c) {
        if (peek() != c || at_end())
            return false;
        ++m_position;
        return true;
    }

    /// A zone abbreviation: three or more letters, or <...> quoted (which also allows digits and
    /// signs, as in "<+0530>").
    bool name(const uint16_t*& start, size_t& length) {
        if (accept('<')) {
            start = m_text + m_position;
            while (!at_end() && peek() != '>')
                ++m_position;
            length = static_cast<size_t>(m_text + m_position - start);
            return accept('>') && length >= 1;
        }
        start = m_text + m_position;
        while (!at_end() && is_alpha(peek()))
            ++m_position;
        length = static_cast<size_t>(m_text + m_position - start);
        return length >= 3;
    }

    /// An unsigned decimal number of at most `max_digits` digits.
    bool number(uint32_t& value, uint32_t max_digits) {
        value = 0;
        uint32_t digits = 0;
        while (!at_end() && is_digit(peek()) && digits < max_digits) {
            value = value * 10 + (peek() - '0');
            ++m_position;
            ++digits;
        }
        return digits > 0;
    }

    /// [+-]hh[:mm[:ss]] as seconds. POSIX offsets are positive west of Greenwich, like Bias.
    bool offset(int32_t& seconds, uint32_t max_hours) {
        bool negative = false;
        if (accept('-'))
            negative = true;
        else
            accept('+');
        uint32_t hours = 0, minutes = 0, secs = 0;
        if (!number(hours, 3) || hours > max_hours)
            return false;
        if (accept(':')) {
            if (!number(minutes, 2) || minutes > 59)
                return false;
            if (accept(':') && (!number(secs, 2) || secs > 59))
                return false;
        }
        int32_t const total = static_cast<int32_t>(hours * 3600 + minutes * 60 + secs);
        seconds = negative ? -total : total;
        return true;
    }

    /// ,Mm.w.d[/time]
    bool rule(CivilTime& out) {
        uint32_t month = 0, week = 0, weekday = 0;
        if (!accept('M') || !number(month, 2) || month < 1 || month > 12 || !accept('.') ||
            !number(week, 1) || week < 1 || week > 5 || !accept('.') || !number(weekday, 1) || weekday > 6)
            return false;
        int32_t seconds = 2 * 3600;
        if (accept('/') && !offset(seconds, 167))
            return false;
        // FIXME: transition times outside 0..24h (allowed by POSIX since 2007) are clamped.
        if (seconds < 0)
            seconds = 0;
        if (seconds >= 24 * 3600)
            seconds = 24 * 3600 - 1;
        out = CivilTime{};
        out.month = static_cast<uint16_t>(month);
        out.day = static_cast<uint16_t>(week);
        out.day_of_week = static_cast<uint16_t>(weekday);
        out.hour = static_cast<uint16_t>(seconds / 3600);
        out.minute = static_cast<uint16_t>(seconds / 60 % 60);
        out.second = static_cast<uint16_t>(seconds % 60);
        return true;
    }

private:
    const uint16_t* m_text;
    size_t m_length;
    size_t m_position = 0;
};

int64_t signed_ticks(uint64_t ticks) {
    return static_cast<int64_t>(ticks);
}

} // namespace

void utc_zone(ZoneRule& out) {
    out = ZoneRule{};
    set_ascii_name(out.standard_name, "Coordinated Universal Time");
    set_ascii_name(out.daylight_name, "Coordinated Universal Time");
}

bool parse_posix_tz(const uint16_t* text, size_t length, ZoneRule& out) {
    out = ZoneRule{};
    Cursor cursor(text, length);
    // A leading ':' names an implementation-defined zone (a tz database file): not supported.
    if (length == 0 || cursor.peek() == ':')
        return false;
    const uint16_t* name = nullptr;
    size_t name_length = 0;
    int32_t standard_offset = 0;
    if (!cursor.name(name, name_length) || !cursor.offset(standard_offset, 24))
        return false;
    set_name(out.standard_name, name, name_length);
    out.bias = standard_offset / 60;
    if (cursor.at_end()) {
        set_name(out.daylight_name, name, name_length);
        return true;
    }
    if (!cursor.name(name, name_length))
        return false;
    set_name(out.daylight_name, name, name_length);
    int32_t daylight_offset = standard_offset - 3600;
    if (!cursor.at_end() && cursor.peek() != ',' && !cursor.offset(daylight_offset, 24))
        return false;
    out.daylight_bias = (daylight_offset - standard_offset) / 60;
    if (cursor.at_end()) {
        // POSIX leaves the default rules to the implementation; the US rules are the usual one.
        out.daylight_date = CivilTime{0, 3, 0, 2, 2, 0, 0, 0};
        out.standard_date = CivilTime{0, 11, 0, 1, 2, 0, 0, 0};
        return true;
    }
    if (!cursor.accept(',') || !cursor.rule(out.daylight_date) || !cursor.accept(',') ||
        !cursor.rule(out.standard_date) || !cursor.at_end())
        return false;
    return true;
}

bool transition_in_year(const CivilTime& rule, uint32_t year, uint64_t& ticks) {
    if (rule.month < 1 || rule.month > 12 || rule.hour > 23 || rule.minute > 59 || rule.second > 59 ||
        rule.milliseconds > 999)
        return false;
    CivilTime date = rule;
    date.year = static_cast<uint16_t>(year);
    if (rule.year == 0) {
        // The rule.day-th rule.day_of_week of the month (5 = the last one).
        if (rule.day < 1 || rule.day > 5 || rule.day_of_week > 6)
            return false;
        CivilTime first = CivilTime{static_cast<uint16_t>(year), rule.month, 0, 1, 0, 0, 0, 0};
        uint64_t first_ticks = 0;
        if (!civil_to_file_time(first, first_ticks))
            return false;
        uint32_t const first_weekday = static_cast<uint32_t>((first_ticks / kTicksPerDay + 1) % 7);
        uint32_t day = 1 + (rule.day_of_week + 7 - first_weekday) % 7 + (rule.day - 1u) * 7;
        uint32_t const last = days_in_month(year, rule.month);
        while (day > last)
            day -= 7;
        date.day = static_cast<uint16_t>(day);
    }
    return civil_to_file_time(date, ticks);
}

namespace {

/// Daylight time's start and end in UTC for `year`.
bool daylight_span_utc(const ZoneRule& rule, uint32_t year, int64_t& start, int64_t& end) {
    uint64_t start_local = 0, end_local = 0;
    if (!transition_in_year(rule.daylight_date, year, start_local) ||
        !transition_in_year(rule.standard_date, year, end_local))
        return false;
    // The start is given in standard time, the end in daylight time.
    start = signed_ticks(start_local) + (rule.bias + rule.standard_bias) * kTicksPerMinute;
    end = signed_ticks(end_local) + (rule.bias + rule.daylight_bias) * kTicksPerMinute;
    return true;
}

bool in_span(int64_t t, int64_t start, int64_t end) {
    // Northern hemisphere: daylight between start and end; southern: outside end..start.
    return start <= end ? (t >= start && t < end) : !(t >= end && t < start);
}

} // namespace

bool bias_at_utc(const ZoneRule& rule, uint64_t utc_ticks, int32_t& bias, bool& daylight) {
    daylight = false;
    bias = rule.bias + rule.standard_bias;
    if (!has_daylight_saving(rule))
        return true;
    // The year of the local time (by standard bias) decides which transitions apply.
    int64_t const local = signed_ticks(utc_ticks) - bias * kTicksPerMinute;
    CivilTime civil{};
    if (local < 0 || !file_time_to_civil(static_cast<uint64_t>(local), civil))
        return false;
    int64_t start = 0, end = 0;
    if (!daylight_span_utc(rule, civil.year, start, end))
        return false;
    if (in_span(signed_ticks(utc_ticks), start, end)) {
        daylight = true;
        bias = rule.bias + rule.daylight_bias;
    }
    return true;
}

bool bias_at_local(const ZoneRule& rule, uint64_t local_ticks, int32_t& bias, bool& daylight) {
    daylight = false;
    bias = rule.bias + rule.standard_bias;
    if (!has_daylight_saving(rule))
        return true;
    CivilTime civil{};
    if (!file_time_to_civil(local_ticks, civil))
        return false;
    uint64_t start_local = 0, end_local = 0;
    if (!transition_in_year(rule.daylight_date, civil.year, start_local) ||
        !transition_in_year(rule.standard_date, civil.year, end_local))
        return false;
    // The end is written in daylight time; on the standard clock it comes one daylight delta
    // earlier, which is where the repeated hour is taken as standard time.
    int64_t const delta = (rule.standard_bias - rule.daylight_bias) * kTicksPerMinute;
    int64_t const start = signed_ticks(start_local);
    int64_t const end = signed_ticks(end_local) - delta;
    if (in_span(signed_ticks(local_ticks), start, end)) {
        daylight = true;
        bias = rule.bias + rule.daylight_bias;
    }
    return true;
}

} // namespace halcyon::win32::time
