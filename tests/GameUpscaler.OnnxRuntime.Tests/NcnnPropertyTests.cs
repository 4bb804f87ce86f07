using System.Globalization;
using System.Text;
using CsCheck;
using GameUpscaler.Models;
using GameUpscaler.Models.Ncnn;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// Property tests of the ncnn importer (CsCheck, shrinking failures): whatever the .param and .bin bytes, importing
/// returns weights or throws <see cref="ModelFormatException"/>. Inputs: random bytes, byte mutations of valid pairs
/// (x1, x2 and x4, per-channel and shared PReLU slopes) in either file, and edits of the .param's text that keep it
/// text — a number or word replaced, a line dropped, repeated or swapped — so the damage reaches the layer checks.
/// </summary>
public sealed class NcnnPropertyTests
{
    private static readonly (byte[] Param, byte[] Bin)[] Valid =
    [
        Pair(new GeneratorArchitecture(2, 4, 1), sharedSlope: false),
        Pair(new GeneratorArchitecture(1, 2, 0), sharedSlope: true),
        Pair(new GeneratorArchitecture(4, 3, 2), sharedSlope: false),
    ];

    /// <summary>Tokens a .param edit puts in: layer types, blob names, key=value pairs and numbers on the edges.</summary>
    private static readonly string[] Tokens =
    [
        "0", "1", "-1", "2", "3", "4", "9", "7767517", "2147483647", "-2147483648", "99999999999", "1e9", "nan", "inf", "0.5", "",
        "Input", "Split", "Convolution", "PReLU", "PixelShuffle", "Interp", "BinaryOp", "ReLU", "Deconvolution", "data", "in_0", "in_1",
        "output", "c0", "p0", "0=0", "0=-1", "0=2147483647", "1=3", "1=1", "4=1", "5=0", "6=0", "6=-9", "6=1891631104", "0=3", "-23300=1,2",
        "1=2.000000e+00", "2=9e9", "9=1", "=", "==", "0=", "a=b",
    ];

    [Fact]
    public void Random_files_are_refused_with_ModelFormatException()
    {
        Gen<(byte[] Param, byte[] Bin)> inputs = Gen.OneOf(
            Gen.Select(FileMutations.RandomBytes(256), FileMutations.RandomBytes(256)),
            Gen.Select(FileMutations.RandomBytes(256).Select(t => (byte[])[.. "7767517\n"u8, .. t]), FileMutations.RandomBytes(64)));
        ParserProperty.ReadsOrRefuses<ModelFormatException, (byte[] Param, byte[] Bin)>(inputs, p => Import(p.Param, p.Bin), iter: 1500);
    }

    [Fact]
    public void Damaged_param_or_bin_bytes_are_imported_or_refused_with_ModelFormatException()
    {
        byte[][] parameters = [.. Valid.Select(v => v.Param)], bins = [.. Valid.Select(v => v.Bin)];
        Gen<(int Pair, MutatedFile? Param, MutatedFile? Bin)> inputs = Gen.Int[0, Valid.Length - 1].SelectMany(i => Gen.OneOf(
            FileMutations.Of([parameters[i], .. parameters]).Select(m => (i, (MutatedFile?)m, (MutatedFile?)null)),
            FileMutations.Of([bins[i], .. bins]).Select(m => (i, (MutatedFile?)null, (MutatedFile?)m)),
            Gen.Select(FileMutations.Of([parameters[i]]), FileMutations.Of([bins[i]]), (p, b) => (i, (MutatedFile?)p, (MutatedFile?)b))));
        ParserProperty.ReadsOrRefuses<ModelFormatException, (int Pair, MutatedFile? Param, MutatedFile? Bin)>(
            inputs,
            c => Import(c.Param?.Bytes ?? Valid[c.Pair].Param, c.Bin?.Bytes ?? Valid[c.Pair].Bin),
            iter: 1500,
            print: c => $"pair {c.Pair}: param {c.Param?.ToString() ?? "intact"}; bin {c.Bin?.ToString() ?? "intact"}");
    }

    [Fact]
    public void Params_with_edited_text_are_imported_or_refused_with_ModelFormatException()
    {
        Gen<ParamEdit> edit = Gen.Select(
            Gen.Frequency((6, Gen.Const(ParamEdit.Kind.ReplaceToken)), (1, Gen.Const(ParamEdit.Kind.DropLine)), (1, Gen.Const(ParamEdit.Kind.RepeatLine)), (1, Gen.Const(ParamEdit.Kind.SwapLines))),
            Gen.Int[0, 40],
            Gen.Int[0, 12],
            Gen.Frequency((4, Gen.Int[0, Tokens.Length - 1].Select(t => Tokens[t])), (1, Gen.Int.Select(v => v.ToString(CultureInfo.InvariantCulture)))),
            (kind, line, token, text) => new ParamEdit(kind, line, token, text));
        Gen<(int Pair, ParamEdit[] Edits)> inputs = Gen.Select(Gen.Int[0, Valid.Length - 1], edit.Array[1, 3]);
        ParserProperty.ReadsOrRefuses<ModelFormatException, (int Pair, ParamEdit[] Edits)>(
            inputs,
            c => Import(Encoding.UTF8.GetBytes(ParamEdit.Apply(Encoding.UTF8.GetString(Valid[c.Pair].Param), c.Edits)), Valid[c.Pair].Bin),
            iter: 1500,
            print: c => $"pair {c.Pair}: {string.Join("; ", c.Edits.Select(e => e.ToString()))}");
    }

    private static (byte[] Param, byte[] Bin) Pair(GeneratorArchitecture architecture, bool sharedSlope)
    {
        (string param, byte[] bin) = NcnnTestFiles.Write(TestImages.RandomWeights(architecture, seed: 5), sharedSlope);
        byte[] bytes = Encoding.UTF8.GetBytes(param);
        _ = NcnnImporter.Import(bytes, bin); // valid as written
        return (bytes, bin);
    }

    private static void Import(byte[] param, byte[] bin) => _ = NcnnImporter.Import(param, bin, "damaged.param", "damaged.bin");

    /// <summary>One edit of the .param's text: token <see cref="Token"/> of line <see cref="Line"/> replaced, or a line dropped, repeated or swapped with the next.</summary>
    private sealed record ParamEdit(ParamEdit.Kind What, int Line, int Token, string Text)
    {
        internal enum Kind
        {
            ReplaceToken,
            DropLine,
            RepeatLine,
            SwapLines,
        }

        public static string Apply(string param, ParamEdit[] edits)
        {
            List<string> lines = [.. param.Split('\n')];
            foreach (ParamEdit e in edits)
            {
                int i = e.Line % lines.Count;
                switch (e.What)
                {
                    case Kind.DropLine:
                        lines.RemoveAt(i);
                        break;
                    case Kind.RepeatLine:
                        lines.Insert(i, lines[i]);
                        break;
                    case Kind.SwapLines when i + 1 < lines.Count:
                        (lines[i], lines[i + 1]) = (lines[i + 1], lines[i]);
                        break;
                    case Kind.ReplaceToken:
                        string[] tokens = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        if (tokens.Length > 0)
                        {
                            tokens[e.Token % tokens.Length] = e.Text;
                            lines[i] = string.Join(' ', tokens);
                        }

                        break;
                }

                if (lines.Count == 0)
                {
                    break;
                }
            }

            return string.Join('\n', lines);
        }

        /// <inheritdoc />
        public override string ToString() => What switch
        {
            Kind.ReplaceToken => $"line {Line} token {Token} = '{Text}'",
            Kind.DropLine => $"drop line {Line}",
            Kind.RepeatLine => $"repeat line {Line}",
            _ => $"swap line {Line} with the next",
        };
    }
}
