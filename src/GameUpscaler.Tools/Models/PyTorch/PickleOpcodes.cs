namespace GameUpscaler.Models.PyTorch;

/// <summary>
/// The pickle opcodes (CPython's <c>pickletools</c> names), those a state dict uses as constants and every one by
/// name, so that a refused opcode is named in the message.
/// </summary>
internal static class PickleOpcodes
{
    public const byte Mark = (byte)'(';
    public const byte Stop = (byte)'.';
    public const byte BinInt = (byte)'J';
    public const byte BinInt1 = (byte)'K';
    public const byte BinInt2 = (byte)'M';
    public const byte None = (byte)'N';
    public const byte BinPersId = (byte)'Q';
    public const byte Reduce = (byte)'R';
    public const byte BinUnicode = (byte)'X';
    public const byte Build = (byte)'b';
    public const byte Global = (byte)'c';
    public const byte EmptyDict = (byte)'}';
    public const byte BinGet = (byte)'h';
    public const byte LongBinGet = (byte)'j';
    public const byte BinPut = (byte)'q';
    public const byte LongBinPut = (byte)'r';
    public const byte SetItem = (byte)'s';
    public const byte Tuple = (byte)'t';
    public const byte EmptyTuple = (byte)')';
    public const byte SetItems = (byte)'u';
    public const byte Proto = 0x80;
    public const byte Tuple1 = 0x85;
    public const byte Tuple2 = 0x86;
    public const byte Tuple3 = 0x87;
    public const byte NewTrue = 0x88;
    public const byte NewFalse = 0x89;
    public const byte Long1 = 0x8A;
    public const byte ShortBinUnicode = 0x8C;
    public const byte StackGlobal = 0x93;
    public const byte Memoize = 0x94;
    public const byte Frame = 0x95;

    /// <summary>The highest pickle protocol there is (Python 3.8+).</summary>
    public const int HighestProtocol = 5;

    private static readonly Dictionary<byte, string> Names = new()
    {
        [(byte)'('] = "MARK", [(byte)'.'] = "STOP", [(byte)'0'] = "POP", [(byte)'1'] = "POP_MARK", [(byte)'2'] = "DUP",
        [(byte)'F'] = "FLOAT", [(byte)'I'] = "INT", [(byte)'J'] = "BININT", [(byte)'K'] = "BININT1", [(byte)'L'] = "LONG",
        [(byte)'M'] = "BININT2", [(byte)'N'] = "NONE", [(byte)'P'] = "PERSID", [(byte)'Q'] = "BINPERSID",
        [(byte)'R'] = "REDUCE", [(byte)'S'] = "STRING", [(byte)'T'] = "BINSTRING", [(byte)'U'] = "SHORT_BINSTRING",
        [(byte)'V'] = "UNICODE", [(byte)'X'] = "BINUNICODE", [(byte)'a'] = "APPEND", [(byte)'b'] = "BUILD",
        [(byte)'c'] = "GLOBAL", [(byte)'d'] = "DICT", [(byte)'}'] = "EMPTY_DICT", [(byte)'e'] = "APPENDS",
        [(byte)'g'] = "GET", [(byte)'h'] = "BINGET", [(byte)'i'] = "INST", [(byte)'j'] = "LONG_BINGET",
        [(byte)'l'] = "LIST", [(byte)']'] = "EMPTY_LIST", [(byte)'o'] = "OBJ", [(byte)'p'] = "PUT", [(byte)'q'] = "BINPUT",
        [(byte)'r'] = "LONG_BINPUT", [(byte)'s'] = "SETITEM", [(byte)'t'] = "TUPLE", [(byte)')'] = "EMPTY_TUPLE",
        [(byte)'u'] = "SETITEMS", [(byte)'G'] = "BINFLOAT", [(byte)'B'] = "BINBYTES", [(byte)'C'] = "SHORT_BINBYTES",
        [0x80] = "PROTO", [0x81] = "NEWOBJ", [0x82] = "EXT1", [0x83] = "EXT2", [0x84] = "EXT4", [0x85] = "TUPLE1",
        [0x86] = "TUPLE2", [0x87] = "TUPLE3", [0x88] = "NEWTRUE", [0x89] = "NEWFALSE", [0x8A] = "LONG1", [0x8B] = "LONG4",
        [0x8C] = "SHORT_BINUNICODE", [0x8D] = "BINUNICODE8", [0x8E] = "BINBYTES8", [0x8F] = "EMPTY_SET",
        [0x90] = "ADDITEMS", [0x91] = "FROZENSET", [0x92] = "NEWOBJ_EX", [0x93] = "STACK_GLOBAL", [0x94] = "MEMOIZE",
        [0x95] = "FRAME", [0x96] = "BYTEARRAY8", [0x97] = "NEXT_BUFFER", [0x98] = "READONLY_BUFFER",
    };

    /// <summary>The opcode as messages show it: <c>0x69 INST</c>, or <c>0x07 (no pickle opcode)</c>.</summary>
    public static string Describe(byte opcode) =>
        Names.TryGetValue(opcode, out string? name) ? $"0x{opcode:X2} {name}" : $"0x{opcode:X2} (no pickle opcode)";
}
