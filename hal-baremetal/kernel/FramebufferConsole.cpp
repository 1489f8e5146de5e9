#include "FramebufferConsole.h"

namespace halcyon::baremetal::fbcon {

namespace {

#include "Font8x16.inc"

constexpr uint32_t kCellWidth = 8, kCellHeight = 16;

uint32_t* g_pixels;
uint32_t g_stride; // pixels per scan line
uint32_t g_columns, g_rows;
uint32_t g_column, g_row;
uint32_t g_foreground, g_background;

uint32_t color(uint8_t red, uint8_t green, uint8_t blue, uint32_t format) {
    // EFI_GRAPHICS_PIXEL_FORMAT: 0 = RGBX (red in the lowest byte), 1 = BGRX.
    return format == 0 ? (red | green << 8 | blue << 16) : (blue | green << 8 | red << 16);
}

void draw(char c, uint32_t column, uint32_t row) {
    unsigned index = static_cast<unsigned char>(c) - 32;
    if (index >= 95)
        index = '?' - 32;
    const uint8_t* glyph = kFont8x16[index];
    uint32_t* origin = g_pixels + row * kCellHeight * g_stride + column * kCellWidth;
    for (uint32_t y = 0; y < kCellHeight; ++y) {
        uint32_t* line = origin + y * g_stride;
        for (uint32_t x = 0; x < kCellWidth; ++x)
            line[x] = glyph[y] & (0x80 >> x) ? g_foreground : g_background;
    }
}

void scroll() {
    uint64_t line_pixels = static_cast<uint64_t>(g_stride) * kCellHeight;
    __builtin_memmove(g_pixels, g_pixels + line_pixels, (g_rows - 1) * line_pixels * 4);
    uint32_t* last = g_pixels + (g_rows - 1) * line_pixels;
    for (uint64_t i = 0; i < line_pixels; ++i)
        last[i] = g_background;
}

void newline() {
    g_column = 0;
    if (g_row + 1 < g_rows)
        ++g_row;
    else
        scroll();
}

} // namespace

bool init(const boot::Framebuffer& framebuffer) {
    if (!framebuffer.physical_address || framebuffer.format > 1 || framebuffer.width < kCellWidth ||
        framebuffer.height < kCellHeight || framebuffer.pixels_per_scan_line < framebuffer.width ||
        static_cast<uint64_t>(framebuffer.pixels_per_scan_line) * framebuffer.height * 4 > framebuffer.size)
        return false;
    g_pixels = reinterpret_cast<uint32_t*>(boot::kDirectMapBase + framebuffer.physical_address);
    g_stride = framebuffer.pixels_per_scan_line;
    g_columns = framebuffer.width / kCellWidth;
    g_rows = framebuffer.height / kCellHeight;
    g_foreground = color(0xd0, 0xd0, 0xd0, framebuffer.format);
    g_background = color(0x00, 0x00, 0x00, framebuffer.format);
    for (uint64_t i = 0; i < static_cast<uint64_t>(g_stride) * framebuffer.height; ++i)
        g_pixels[i] = g_background;
    g_column = g_row = 0;
    return true;
}

bool active() { return g_pixels != nullptr; }

void write(const char* text) {
    if (!g_pixels)
        return;
    for (; *text; ++text) {
        char c = *text;
        if (c == '\n') {
            newline();
        } else if (c == '\r') {
            g_column = 0;
        } else {
            if (g_column == g_columns)
                newline();
            draw(c, g_column++, g_row);
        }
    }
}

} // namespace halcyon::baremetal::fbcon
