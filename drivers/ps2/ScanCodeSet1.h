#pragma once

// Scan code set 1 to characters: what the i8042 delivers with translation on (its power-on
// default, configuration byte bit 6), whatever set the keyboard itself speaks. Make codes are
// 0x01-0x58, a break code is the make code | 0x80, 0xE0 prefixes the extended keys and 0xE1
// the Pause key's 6-byte sequence ([IBM PS/2 Technical Reference, Keyboards] scan code set 1
// table). US layout; Shift, Caps Lock and Ctrl are tracked here, so Ctrl+C comes out as 0x03.

#include <stdint.h>

namespace halcyon::drivers::ps2 {

class ScanCodeSet1Decoder {
public:
    /// Feeds one byte from the controller; the character it completes, or 0 for none (a
    /// modifier, a release, a prefix, a key without a character such as an arrow).
    uint8_t feed(uint8_t code) {
        if (m_pause_bytes_left) {
            --m_pause_bytes_left;
            return 0;
        }
        if (code == kPausePrefix) {
            m_pause_bytes_left = 5;
            return 0;
        }
        if (code == kExtendedPrefix) {
            m_extended = true;
            return 0;
        }
        bool extended = m_extended;
        m_extended = false;
        bool release = code & kBreakBit;
        uint8_t key = code & ~kBreakBit;

        switch (key) {
        case kLeftShift:
        case kRightShift:
            if (extended)
                return 0; // E0 2A / E0 36: fake shifts around Print Screen and friends
            (key == kLeftShift ? m_left_shift : m_right_shift) = !release;
            return 0;
        case kCtrl: // left Ctrl, or right Ctrl with E0
            (extended ? m_right_ctrl : m_left_ctrl) = !release;
            return 0;
        case kCapsLock:
            if (!release)
                m_caps_lock = !m_caps_lock;
            return 0;
        default:
            break;
        }
        if (release || key >= sizeof kPlain)
            return 0;
        if (extended) {
            // Only the keypad's Enter and slash have characters among the extended keys.
            if (key == kEnter)
                return '\n';
            if (key == kSlash)
                return '/';
            return 0;
        }
        uint8_t c = static_cast<uint8_t>(shift() ? kShifted[key] : kPlain[key]);
        if (c >= 'a' && c <= 'z' && m_caps_lock && !shift())
            c = static_cast<uint8_t>(c - 'a' + 'A');
        else if (c >= 'A' && c <= 'Z' && m_caps_lock && shift())
            c = static_cast<uint8_t>(c - 'A' + 'a');
        if (ctrl() && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            c = static_cast<uint8_t>(c & 0x1f); // Ctrl+A = 0x01 ... Ctrl+C = 0x03
        return c;
    }

    bool shift() const { return m_left_shift || m_right_shift; }
    bool ctrl() const { return m_left_ctrl || m_right_ctrl; }
    bool caps_lock() const { return m_caps_lock; }

private:
    static constexpr uint8_t kBreakBit = 0x80, kExtendedPrefix = 0xe0, kPausePrefix = 0xe1;
    static constexpr uint8_t kCtrl = 0x1d, kLeftShift = 0x2a, kRightShift = 0x36, kCapsLock = 0x3a,
                             kEnter = 0x1c, kSlash = 0x35;
    // Indexed by make code 0x00-0x39; 0 where the key has no character.
    static constexpr char kPlain[0x3a] = {
        0,   0x1b, '1', '2', '3', '4', '5', '6', '7',  '8', '9', '0',  '-',  '=', '\b', '\t', // 0x00
        'q', 'w',  'e', 'r', 't', 'y', 'u', 'i', 'o',  'p', '[', ']',  '\n', 0,   'a',  's',  // 0x10
        'd', 'f',  'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0,   '\\', 'z',  'x', 'c',  'v',  // 0x20
        'b', 'n',  'm', ',', '.', '/', 0,   '*', 0,    ' '};                                  // 0x30
    static constexpr char kShifted[0x3a] = {
        0,   0x1b, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_',  '+', '\b', '\t', // 0x00
        'Q', 'W',  'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\n', 0,   'A',  'S',  // 0x10
        'D', 'F',  'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0,   '|', 'Z',  'X', 'C',  'V',  // 0x20
        'B', 'N',  'M', '<', '>', '?', 0,   '*', 0,   ' '};                                 // 0x30

    bool m_extended = false;
    uint8_t m_pause_bytes_left = 0;
    bool m_left_shift = false, m_right_shift = false, m_left_ctrl = false, m_right_ctrl = false;
    bool m_caps_lock = false;
};

} // namespace halcyon::drivers::ps2
