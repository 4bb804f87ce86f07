namespace GameUpscaler.Sample.Hud;

// Generated once from hand-drawn 5×7 glyphs; kept in step with Shaders/font.glsl (the scene's sign text uses the same
// glyphs). Bit (row * 5 + column) is set where the glyph is lit; row 0 is the top, column 0 the left.
internal static class BitmapFontData
{
    public const string Characters = " ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.:-+>/()=,%[]";

    public static readonly ulong[] Glyphs =
    [
        0x000000000UL, // ' '
        0x4631FC62EUL, // 'A'
        0x3E317C62FUL, // 'B'
        0x3A210862EUL, // 'C'
        0x3E318C62FUL, // 'D'
        0x7C217843FUL, // 'E'
        0x04217843FUL, // 'F'
        0x7A31E862EUL, // 'G'
        0x4631FC631UL, // 'H'
        0x38842108EUL, // 'I'
        0x19284211CUL, // 'J'
        0x452519531UL, // 'K'
        0x7C2108421UL, // 'L'
        0x4631AD771UL, // 'M'
        0x4631CD671UL, // 'N'
        0x3A318C62EUL, // 'O'
        0x04217C62FUL, // 'P'
        0x59358C62EUL, // 'Q'
        0x45257C62FUL, // 'R'
        0x3E107043EUL, // 'S'
        0x10842109FUL, // 'T'
        0x3A318C631UL, // 'U'
        0x11518C631UL, // 'V'
        0x2AB5AC631UL, // 'W'
        0x462A22A31UL, // 'X'
        0x108422A31UL, // 'Y'
        0x7C222221FUL, // 'Z'
        0x3A33AE62EUL, // '0'
        0x3884210C4UL, // '1'
        0x7C444422EUL, // '2'
        0x3A304111FUL, // '3'
        0x211F4A988UL, // '4'
        0x3A3083C3FUL, // '5'
        0x3A317844CUL, // '6'
        0x08422221FUL, // '7'
        0x3A317462EUL, // '8'
        0x1910F462EUL, // '9'
        0x18C000000UL, // '.'
        0x00C6018C0UL, // ':'
        0x0000F8000UL, // '-'
        0x0084F9080UL, // '+'
        0x088882082UL, // '>'
        0x042222210UL, // '/'
        0x208210888UL, // '('
        0x088842082UL, // ')'
        0x001F07C00UL, // '='
        0x088600000UL, // ','
        0x632222263UL, // '%'
        0x38421084EUL, // '['
        0x39084210EUL, // ']'
    ];
}
