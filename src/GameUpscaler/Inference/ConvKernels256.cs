using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace GameUpscaler.Inference;

/// <summary>
/// Direct 3×3 convolution on 256-bit vectors (8 lanes), register-blocked: a block of P output pixels × V output
/// vectors accumulates in registers while each weight vector is loaded once and each input sample is broadcast once.
/// See <see cref="PackedConvLayer"/> for the feature and weight layouts.
/// </summary>
/// <remarks>
/// The blocks are spelled out variable by variable on purpose: C# has no way to keep an array of vectors in
/// registers. Memory is addressed through <see cref="Unsafe.Add{T}(ref T, nint)"/> after <see cref="ConvRow"/> has
/// checked, once per row, that every index a block can touch lies inside its array; no unsafe code is involved.
/// </remarks>
internal static class ConvKernels256
{
    /// <summary>Floats per vector.</summary>
    public const int Lanes = 8;

    /// <summary>Output pixels per block when a block computes 1 output vector.</summary>
    private const int PixelsFor1Vectors = 8;

    /// <summary>Output pixels per block when a block computes 2 output vectors.</summary>
    private const int PixelsFor2Vectors = 6;

    /// <summary>Output pixels per block when a block computes 4 output vectors.</summary>
    private const int PixelsFor4Vectors = 2;

    /// <summary>Whether this kernel set runs as real SIMD code on this machine.</summary>
    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// Computes one output row of a layer: pixels [<paramref name="xStart"/>, <paramref name="xEnd"/>) of frame row
    /// <paramref name="y"/>, read from rows y − 1 .. y + 1 of <paramref name="input"/> and written to row
    /// <paramref name="outputRow"/> of <paramref name="output"/> (both with <paramref name="frameWidth"/> pixels per row),
    /// bias and PReLU applied.
    /// </summary>
    public static void ConvRow(PackedConvLayer layer, float[] input, float[] output, int frameWidth, int y, int outputRow, int xStart, int xEnd)
    {
        CheckRow(layer, input, output, frameWidth, y, outputRow, xStart, xEnd);
        nint blockStride = (nint)frameWidth * Lanes;
        nint rowStride = blockStride * layer.InputBlocks;
        nint coutPad = layer.OutputStride;
        int cinBlocks = layer.InputBlocks;
        int lastValid = layer.LastInputBlockChannels;
        ref float inputBase = ref MemoryMarshal.GetArrayDataReference(input);
        ref float outputBase = ref MemoryMarshal.GetArrayDataReference(output);
        ref float weights = ref MemoryMarshal.GetArrayDataReference(layer.Weights);
        ref float bias = ref MemoryMarshal.GetArrayDataReference(layer.Bias);
        ref float slopes = ref MemoryMarshal.GetArrayDataReference(layer.Slopes);
        nint inputRow = (y - 1) * rowStride;
        nint outputRowStart = outputRow * blockStride * layer.OutputBlocks;
        int width = xEnd - xStart;
        for (int group = 0; group < layer.OutputBlocks;)
        {
            int remaining = layer.OutputBlocks - group;
            int vectors = remaining >= 4 ? 4 : remaining >= 2 ? 2 : 1;
            int pixels = vectors == 4 ? PixelsFor4Vectors : vectors == 2 ? PixelsFor2Vectors : PixelsFor1Vectors;
            nint groupOffset = (nint)group * Lanes;
            ref float w = ref Unsafe.Add(ref weights, groupOffset);
            ref float b = ref Unsafe.Add(ref bias, groupOffset);
            ref float s = ref Unsafe.Add(ref slopes, groupOffset);
            nint outputGroup = outputRowStart + (group * blockStride);
            if (width >= pixels)
            {
                for (int x = xStart; x < xEnd; x += pixels)
                {
                    // The last block slides left to end at xEnd: it recomputes a few pixels instead of needing a tail kernel.
                    int x0 = Math.Min(x, xEnd - pixels);
                    ref float src = ref Unsafe.Add(ref inputBase, inputRow + ((x0 - 1) * (nint)Lanes));
                    ref float dst = ref Unsafe.Add(ref outputBase, outputGroup + (x0 * (nint)Lanes));
                    switch (vectors)
                    {
                        case 4:
                            Block4x2(ref src, rowStride, blockStride, cinBlocks, lastValid, ref w, coutPad, ref b, ref s, ref dst);
                            break;
                        case 2:
                            Block2x6(ref src, rowStride, blockStride, cinBlocks, lastValid, ref w, coutPad, ref b, ref s, ref dst);
                            break;
                        case 1:
                            Block1x8(ref src, rowStride, blockStride, cinBlocks, lastValid, ref w, coutPad, ref b, ref s, ref dst);
                            break;
                        default:
                            throw new InvalidOperationException("Unreachable vector count.");
                    }
                }
            }
            else
            {
                for (int v = 0; v < vectors; v++)
                {
                    for (int x = xStart; x < xEnd; x++)
                    {
                        ref float src = ref Unsafe.Add(ref inputBase, inputRow + ((x - 1) * (nint)Lanes));
                        ref float dst = ref Unsafe.Add(ref outputBase, outputGroup + (v * blockStride) + (x * (nint)Lanes));
                        nint vo = (nint)v * Lanes;
                        Block1x1(ref src, rowStride, blockStride, cinBlocks, lastValid, ref Unsafe.Add(ref w, vo), coutPad, ref Unsafe.Add(ref b, vo), ref Unsafe.Add(ref s, vo), ref dst);
                    }
                }
            }

            group += vectors;
        }
    }

    private static void CheckRow(PackedConvLayer layer, float[] input, float[] output, int frameWidth, int y, int outputRow, int xStart, int xEnd)
    {
        // Every index a block touches, computed in 64 bits; a failure here is a bug in the caller, not bad input.
        long blockStride = (long)frameWidth * Lanes;
        long inputFirst = ((y - 1L) * layer.InputBlocks * blockStride) + ((xStart - 1L) * Lanes);
        long inputLast = ((y + 1L) * layer.InputBlocks * blockStride) + ((layer.InputBlocks - 1L) * blockStride) + ((xEnd + 1L) * Lanes) - 1;
        long outputFirst = (long)outputRow * layer.OutputBlocks * blockStride + ((long)xStart * Lanes);
        long outputLast = (((long)outputRow * layer.OutputBlocks) + layer.OutputBlocks - 1) * blockStride + ((long)xEnd * Lanes) - 1;
        if (layer.Lanes != Lanes || xStart < 1 || xEnd <= xStart || xEnd >= frameWidth || y < 1 || inputFirst < 0 || inputLast >= input.Length ||
            outputFirst < 0 || outputLast >= output.Length)
        {
            throw new InvalidOperationException(
                $"Convolution row out of bounds: frame width {frameWidth}, row {y} -> {outputRow}, x [{xStart}, {xEnd}), " +
                $"input {input.Length}, output {output.Length}, {layer.InputBlocks}->{layer.OutputBlocks} blocks of {layer.Lanes}.");
        }
    }

    private static Vector256<float> Activate(Vector256<float> x, Vector256<float> slope) =>
        Vector256.FusedMultiplyAdd(Vector256.Min(x, Vector256<float>.Zero), slope, Vector256.Max(x, Vector256<float>.Zero));

    private static void Block1x1(
        ref float src, nint rowStride, nint blockStride, int cinBlocks, int lastValid, ref float w, nint coutPad, ref float bias, ref float slope, ref float dst)
    {
        Vector256<float> b0 = Vector256.LoadUnsafe(ref bias, 0);
        Vector256<float> a0 = b0;
        for (int cb = 0; cb < cinBlocks; cb++)
        {
            // In a full block the three horizontal taps × Lanes channels are one contiguous run in the input
            // (pixels are Lanes floats apart) and in the packed weights, so they form one loop.
            int valid = cb == cinBlocks - 1 ? lastValid : Lanes;
            int runs = valid == Lanes ? 1 : 3;
            int length = valid == Lanes ? 3 * Lanes : valid;
            ref float srcBlock = ref Unsafe.Add(ref src, cb * blockStride);
            ref float wBlock = ref Unsafe.Add(ref w, cb * 9 * Lanes * coutPad);
            for (int ky = 0; ky < 3; ky++)
            {
                for (int run = 0; run < runs; run++)
                {
                    ref float si = ref Unsafe.Add(ref srcBlock, (ky * rowStride) + (run * Lanes));
                    ref float wi = ref Unsafe.Add(ref wBlock, (((ky * 3) + run) * Lanes) * coutPad);
                    for (int k = 0; k < length; k++)
                    {
                        Vector256<float> w0 = Vector256.LoadUnsafe(ref wi, 0);
                        a0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref si, 0)), w0, a0);
                        si = ref Unsafe.Add(ref si, 1);
                        wi = ref Unsafe.Add(ref wi, coutPad);
                    }
                }
            }
        }

        Vector256<float> s0 = Vector256.LoadUnsafe(ref slope, 0);
        Activate(a0, s0).StoreUnsafe(ref dst, 0);
    }

    private static void Block1x8(
        ref float src, nint rowStride, nint blockStride, int cinBlocks, int lastValid, ref float w, nint coutPad, ref float bias, ref float slope, ref float dst)
    {
        Vector256<float> b0 = Vector256.LoadUnsafe(ref bias, 0);
        Vector256<float> a0 = b0;
        Vector256<float> a1 = b0;
        Vector256<float> a2 = b0;
        Vector256<float> a3 = b0;
        Vector256<float> a4 = b0;
        Vector256<float> a5 = b0;
        Vector256<float> a6 = b0;
        Vector256<float> a7 = b0;
        for (int cb = 0; cb < cinBlocks; cb++)
        {
            // In a full block the three horizontal taps × Lanes channels are one contiguous run in the input
            // (pixels are Lanes floats apart) and in the packed weights, so they form one loop.
            int valid = cb == cinBlocks - 1 ? lastValid : Lanes;
            int runs = valid == Lanes ? 1 : 3;
            int length = valid == Lanes ? 3 * Lanes : valid;
            ref float srcBlock = ref Unsafe.Add(ref src, cb * blockStride);
            ref float wBlock = ref Unsafe.Add(ref w, cb * 9 * Lanes * coutPad);
            for (int ky = 0; ky < 3; ky++)
            {
                for (int run = 0; run < runs; run++)
                {
                    ref float si = ref Unsafe.Add(ref srcBlock, (ky * rowStride) + (run * Lanes));
                    ref float wi = ref Unsafe.Add(ref wBlock, (((ky * 3) + run) * Lanes) * coutPad);
                    for (int k = 0; k < length; k++)
                    {
                        Vector256<float> w0 = Vector256.LoadUnsafe(ref wi, 0);
                        a0 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref si, 0)), w0, a0);
                        a1 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref si, 8)), w0, a1);
                        a2 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref si, 16)), w0, a2);
                        a3 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref si, 24)), w0, a3);
                        a4 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref si, 32)), w0, a4);
                        a5 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref si, 40)), w0, a5);
                        a6 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref si, 48)), w0, a6);
                        a7 = Vector256.FusedMultiplyAdd(Vector256.Create(Unsafe.Add(ref si, 56)), w0, a7);
                        si = ref Unsafe.Add(ref si, 1);
                        wi = ref Unsafe.Add(ref wi, coutPad);
                    }
                }
            }
        }

        Vector256<float> s0 = Vector256.LoadUnsafe(ref slope, 0);
        Activate(a0, s0).StoreUnsafe(ref dst, 0);
        Activate(a1, s0).StoreUnsafe(ref dst, 8);
        Activate(a2, s0).StoreUnsafe(ref dst, 16);
        Activate(a3, s0).StoreUnsafe(ref dst, 24);
        Activate(a4, s0).StoreUnsafe(ref dst, 32);
        Activate(a5, s0).StoreUnsafe(ref dst, 40);
        Activate(a6, s0).StoreUnsafe(ref dst, 48);
        Activate(a7, s0).StoreUnsafe(ref dst, 56);
    }

    private static void Block2x6(
        ref float src, nint rowStride, nint blockStride, int cinBlocks, int lastValid, ref float w, nint coutPad, ref float bias, ref float slope, ref float dst)
    {
        Vector256<float> b0 = Vector256.LoadUnsafe(ref bias, 0);
        Vector256<float> b1 = Vector256.LoadUnsafe(ref bias, 8);
        Vector256<float> a0_0 = b0; Vector256<float> a0_1 = b1;
        Vector256<float> a1_0 = b0; Vector256<float> a1_1 = b1;
        Vector256<float> a2_0 = b0; Vector256<float> a2_1 = b1;
        Vector256<float> a3_0 = b0; Vector256<float> a3_1 = b1;
        Vector256<float> a4_0 = b0; Vector256<float> a4_1 = b1;
        Vector256<float> a5_0 = b0; Vector256<float> a5_1 = b1;
        for (int cb = 0; cb < cinBlocks; cb++)
        {
            // In a full block the three horizontal taps × Lanes channels are one contiguous run in the input
            // (pixels are Lanes floats apart) and in the packed weights, so they form one loop.
            int valid = cb == cinBlocks - 1 ? lastValid : Lanes;
            int runs = valid == Lanes ? 1 : 3;
            int length = valid == Lanes ? 3 * Lanes : valid;
            ref float srcBlock = ref Unsafe.Add(ref src, cb * blockStride);
            ref float wBlock = ref Unsafe.Add(ref w, cb * 9 * Lanes * coutPad);
            for (int ky = 0; ky < 3; ky++)
            {
                for (int run = 0; run < runs; run++)
                {
                    ref float si = ref Unsafe.Add(ref srcBlock, (ky * rowStride) + (run * Lanes));
                    ref float wi = ref Unsafe.Add(ref wBlock, (((ky * 3) + run) * Lanes) * coutPad);
                    for (int k = 0; k < length; k++)
                    {
                        Vector256<float> w0 = Vector256.LoadUnsafe(ref wi, 0);
                        Vector256<float> w1 = Vector256.LoadUnsafe(ref wi, 8);
                        Vector256<float> x0 = Vector256.Create(Unsafe.Add(ref si, 0));
                        a0_0 = Vector256.FusedMultiplyAdd(x0, w0, a0_0);
                        a0_1 = Vector256.FusedMultiplyAdd(x0, w1, a0_1);
                        Vector256<float> x1 = Vector256.Create(Unsafe.Add(ref si, 8));
                        a1_0 = Vector256.FusedMultiplyAdd(x1, w0, a1_0);
                        a1_1 = Vector256.FusedMultiplyAdd(x1, w1, a1_1);
                        Vector256<float> x2 = Vector256.Create(Unsafe.Add(ref si, 16));
                        a2_0 = Vector256.FusedMultiplyAdd(x2, w0, a2_0);
                        a2_1 = Vector256.FusedMultiplyAdd(x2, w1, a2_1);
                        Vector256<float> x3 = Vector256.Create(Unsafe.Add(ref si, 24));
                        a3_0 = Vector256.FusedMultiplyAdd(x3, w0, a3_0);
                        a3_1 = Vector256.FusedMultiplyAdd(x3, w1, a3_1);
                        Vector256<float> x4 = Vector256.Create(Unsafe.Add(ref si, 32));
                        a4_0 = Vector256.FusedMultiplyAdd(x4, w0, a4_0);
                        a4_1 = Vector256.FusedMultiplyAdd(x4, w1, a4_1);
                        Vector256<float> x5 = Vector256.Create(Unsafe.Add(ref si, 40));
                        a5_0 = Vector256.FusedMultiplyAdd(x5, w0, a5_0);
                        a5_1 = Vector256.FusedMultiplyAdd(x5, w1, a5_1);
                        si = ref Unsafe.Add(ref si, 1);
                        wi = ref Unsafe.Add(ref wi, coutPad);
                    }
                }
            }
        }

        Vector256<float> s0 = Vector256.LoadUnsafe(ref slope, 0);
        Vector256<float> s1 = Vector256.LoadUnsafe(ref slope, 8);
        Activate(a0_0, s0).StoreUnsafe(ref dst, 0);
        Activate(a0_1, s1).StoreUnsafe(ref Unsafe.Add(ref dst, (1 * blockStride) + 0));
        Activate(a1_0, s0).StoreUnsafe(ref dst, 8);
        Activate(a1_1, s1).StoreUnsafe(ref Unsafe.Add(ref dst, (1 * blockStride) + 8));
        Activate(a2_0, s0).StoreUnsafe(ref dst, 16);
        Activate(a2_1, s1).StoreUnsafe(ref Unsafe.Add(ref dst, (1 * blockStride) + 16));
        Activate(a3_0, s0).StoreUnsafe(ref dst, 24);
        Activate(a3_1, s1).StoreUnsafe(ref Unsafe.Add(ref dst, (1 * blockStride) + 24));
        Activate(a4_0, s0).StoreUnsafe(ref dst, 32);
        Activate(a4_1, s1).StoreUnsafe(ref Unsafe.Add(ref dst, (1 * blockStride) + 32));
        Activate(a5_0, s0).StoreUnsafe(ref dst, 40);
        Activate(a5_1, s1).StoreUnsafe(ref Unsafe.Add(ref dst, (1 * blockStride) + 40));
    }

    private static void Block4x2(
        ref float src, nint rowStride, nint blockStride, int cinBlocks, int lastValid, ref float w, nint coutPad, ref float bias, ref float slope, ref float dst)
    {
        Vector256<float> b0 = Vector256.LoadUnsafe(ref bias, 0);
        Vector256<float> b1 = Vector256.LoadUnsafe(ref bias, 8);
        Vector256<float> b2 = Vector256.LoadUnsafe(ref bias, 16);
        Vector256<float> b3 = Vector256.LoadUnsafe(ref bias, 24);
        Vector256<float> a0_0 = b0; Vector256<float> a0_1 = b1; Vector256<float> a0_2 = b2; Vector256<float> a0_3 = b3;
        Vector256<float> a1_0 = b0; Vector256<float> a1_1 = b1; Vector256<float> a1_2 = b2; Vector256<float> a1_3 = b3;
        for (int cb = 0; cb < cinBlocks; cb++)
        {
            // In a full block the three horizontal taps × Lanes channels are one contiguous run in the input
            // (pixels are Lanes floats apart) and in the packed weights, so they form one loop.
            int valid = cb == cinBlocks - 1 ? lastValid : Lanes;
            int runs = valid == Lanes ? 1 : 3;
            int length = valid == Lanes ? 3 * Lanes : valid;
            ref float srcBlock = ref Unsafe.Add(ref src, cb * blockStride);
            ref float wBlock = ref Unsafe.Add(ref w, cb * 9 * Lanes * coutPad);
            for (int ky = 0; ky < 3; ky++)
            {
                for (int run = 0; run < runs; run++)
                {
                    ref float si = ref Unsafe.Add(ref srcBlock, (ky * rowStride) + (run * Lanes));
                    ref float wi = ref Unsafe.Add(ref wBlock, (((ky * 3) + run) * Lanes) * coutPad);
                    for (int k = 0; k < length; k++)
                    {
                        Vector256<float> w0 = Vector256.LoadUnsafe(ref wi, 0);
                        Vector256<float> w1 = Vector256.LoadUnsafe(ref wi, 8);
                        Vector256<float> w2 = Vector256.LoadUnsafe(ref wi, 16);
                        Vector256<float> w3 = Vector256.LoadUnsafe(ref wi, 24);
                        Vector256<float> x0 = Vector256.Create(Unsafe.Add(ref si, 0));
                        a0_0 = Vector256.FusedMultiplyAdd(x0, w0, a0_0);
                        a0_1 = Vector256.FusedMultiplyAdd(x0, w1, a0_1);
                        a0_2 = Vector256.FusedMultiplyAdd(x0, w2, a0_2);
                        a0_3 = Vector256.FusedMultiplyAdd(x0, w3, a0_3);
                        Vector256<float> x1 = Vector256.Create(Unsafe.Add(ref si, 8));
                        a1_0 = Vector256.FusedMultiplyAdd(x1, w0, a1_0);
                        a1_1 = Vector256.FusedMultiplyAdd(x1, w1, a1_1);
                        a1_2 = Vector256.FusedMultiplyAdd(x1, w2, a1_2);
                        a1_3 = Vector256.FusedMultiplyAdd(x1, w3, a1_3);
                        si = ref Unsafe.Add(ref si, 1);
                        wi = ref Unsafe.Add(ref wi, coutPad);
                    }
                }
            }
        }

        Vector256<float> s0 = Vector256.LoadUnsafe(ref slope, 0);
        Vector256<float> s1 = Vector256.LoadUnsafe(ref slope, 8);
        Vector256<float> s2 = Vector256.LoadUnsafe(ref slope, 16);
        Vector256<float> s3 = Vector256.LoadUnsafe(ref slope, 24);
        Activate(a0_0, s0).StoreUnsafe(ref dst, 0);
        Activate(a0_1, s1).StoreUnsafe(ref Unsafe.Add(ref dst, (1 * blockStride) + 0));
        Activate(a0_2, s2).StoreUnsafe(ref Unsafe.Add(ref dst, (2 * blockStride) + 0));
        Activate(a0_3, s3).StoreUnsafe(ref Unsafe.Add(ref dst, (3 * blockStride) + 0));
        Activate(a1_0, s0).StoreUnsafe(ref dst, 8);
        Activate(a1_1, s1).StoreUnsafe(ref Unsafe.Add(ref dst, (1 * blockStride) + 8));
        Activate(a1_2, s2).StoreUnsafe(ref Unsafe.Add(ref dst, (2 * blockStride) + 8));
        Activate(a1_3, s3).StoreUnsafe(ref Unsafe.Add(ref dst, (3 * blockStride) + 8));
    }
}
