using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GameUpscaler.Imaging;
using GameUpscaler.Models;

namespace GameUpscaler.Inference;

/// <summary>
/// Exact fp32 CPU inference of a generator: the reference every GPU backend is tested against, and the offline
/// path. The image is processed in square tiles with a halo of N + 2 pixels; every layer computes a region one
/// pixel smaller than the previous one and keeps values outside the image at zero, so the result equals whole-image
/// inference with zero padding while no full-resolution feature map is ever allocated.
/// </summary>
/// <remarks>
/// Weights are packed once, when the generator is created (later edits of the <see cref="GeneratorWeights"/> arrays
/// are not seen). <see cref="Run(PlanarImage, IProgress{double}?, CancellationToken)"/> may be called from
/// several threads at once.
/// </remarks>
public sealed class CpuGenerator
{
    private readonly PackedConvLayer[] _layers;
    private readonly int _lanes;
    private readonly ConcurrentBag<Workspace> _workspaces = [];

    /// <summary>Packs the weights for the widest vectors allowed by <paramref name="options"/>.</summary>
    /// <param name="weights">The model.</param>
    /// <param name="options">Tiling, threading and vector width; null for <see cref="CpuGeneratorOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException">The tile size is too large for this model's feature maps.</exception>
    /// <exception cref="NotSupportedException">A U-Net generator (<see cref="GeneratorArchitecture.ThrowIfNotPlain"/>).</exception>
    public CpuGenerator(GeneratorWeights weights, CpuGeneratorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Options = options ?? CpuGeneratorOptions.Default;
        Architecture = weights.Architecture;
        Architecture.ThrowIfNotPlain("The packed CPU generator");
        VectorBits = Options.MaxVectorBits != 256 && ConvKernels512.IsHardwareAccelerated ? 512 : 256;
        _lanes = VectorBits / 32;
        _layers = new PackedConvLayer[Architecture.ConvCount];
        for (int conv = 0; conv < _layers.Length; conv++)
        {
            _layers[conv] = new PackedConvLayer(
                weights.GetTensor(GeneratorArchitecture.ConvWeightName(conv)),
                weights.GetTensor(GeneratorArchitecture.ConvBiasName(conv)),
                Architecture.HasActivation(conv) ? weights.GetTensor(GeneratorArchitecture.PReluSlopeName(conv)) : null,
                Architecture.GetConvInputChannels(conv),
                Architecture.GetConvOutputChannels(conv),
                _lanes);
        }

        long frame = Options.TileSize + (2L * Architecture.ConvCount);
        long featureFloats = frame * frame * _layers[0].OutputStride;
        if (featureFloats > Array.MaxLength)
        {
            throw new ArgumentException(
                $"Tiles of {Options.TileSize} pixels are too large for a {Architecture} generator; use a smaller TileSize.",
                nameof(options));
        }
    }

    /// <summary>The generator shape.</summary>
    public GeneratorArchitecture Architecture { get; }

    /// <summary>The settings in use.</summary>
    public CpuGeneratorOptions Options { get; }

    /// <summary>Width of the vectors the kernels use: 512 (AVX-512) or 256.</summary>
    public int VectorBits { get; }

    /// <summary>Upscales an RGB image into a new image of <c>Scale</c> times its size.</summary>
    /// <param name="input">RGB planes, nominally in [0, 1].</param>
    /// <param name="progress">Receives the finished fraction (0 to 1) after each tile, possibly from worker threads.</param>
    /// <param name="cancellationToken">Stops the work between tiles.</param>
    /// <returns>Three planes, not clamped: callers clamp and round.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException">The input does not have the architecture's planes (3, or a temporal generator's), or the output would be too large.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public PlanarImage Run(PlanarImage input, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        int s = Architecture.Scale;
        long width = (long)input.Width * s;
        long height = (long)input.Height * s;
        if (width > int.MaxValue || height > int.MaxValue || width * height * GeneratorArchitecture.ImageChannels > Array.MaxLength)
        {
            throw new ArgumentException($"A {input.Width}x{input.Height} image upscaled x{s} is too large for one array.", nameof(input));
        }

        var output = new PlanarImage((int)width, (int)height, GeneratorArchitecture.ImageChannels);
        Run(input, output, progress, cancellationToken);
        return output;
    }

    /// <summary>Upscales an RGB image into an existing image of <c>Scale</c> times its size.</summary>
    /// <param name="input">RGB planes, nominally in [0, 1].</param>
    /// <param name="output">Three planes of (Width·s) × (Height·s); every sample is overwritten, not clamped.</param>
    /// <param name="progress">Receives the finished fraction (0 to 1) after each tile, possibly from worker threads.</param>
    /// <param name="cancellationToken">Stops the work between tiles.</param>
    /// <exception cref="ArgumentNullException">An image is null.</exception>
    /// <exception cref="ArgumentException">An image does not have 3 channels, the output has the wrong size, or both are the same image.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the output is then partly written.</exception>
    public void Run(PlanarImage input, PlanarImage output, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        Architecture.ThrowIfImagesDoNotFit(input, output);

        cancellationToken.ThrowIfCancellationRequested();
        RunTiles(input, output, progress, cancellationToken);
    }

    private void RunTiles(PlanarImage input, PlanarImage output, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        int tile = Options.TileSize;
        int tilesX = (input.Width + tile - 1) / tile;
        int tilesY = (input.Height + tile - 1) / tile;
        int tileCount = tilesX * tilesY;
        int done = 0;
        int threads = Options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : Options.MaxDegreeOfParallelism;
        if (CpuParallelism.MaxDegreeOfParallelism > 0)
        {
            threads = Math.Min(threads, CpuParallelism.MaxDegreeOfParallelism);
        }

        threads = Math.Min(threads, tileCount);

        void RunTile(int index, Workspace workspace)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Tiles split the image evenly (none wider than TileSize), so no thin edge tile pays a full halo.
            int tx = index % tilesX;
            int ty = index / tilesX;
            int left = (int)((long)tx * input.Width / tilesX);
            int top = (int)((long)ty * input.Height / tilesY);
            int right = (int)((long)(tx + 1) * input.Width / tilesX);
            int bottom = (int)((long)(ty + 1) * input.Height / tilesY);
            ProcessTile(workspace, input, output, left, top, right - left, bottom - top);
            int finished = Interlocked.Increment(ref done);
            progress?.Report((double)finished / tileCount);
        }

        if (threads <= 1)
        {
            Workspace workspace = Rent();
            try
            {
                for (int i = 0; i < tileCount; i++)
                {
                    RunTile(i, workspace);
                }
            }
            finally
            {
                _workspaces.Add(workspace);
            }

            return;
        }

        var parallelOptions = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        Parallel.For(
            0,
            tileCount,
            parallelOptions,
            Rent,
            (index, _, workspace) =>
            {
                RunTile(index, workspace);
                return workspace;
            },
            _workspaces.Add);
    }

    private Workspace Rent()
    {
        // Workspaces are sized for the options' tile size, which never changes, so any pooled one fits.
        return _workspaces.TryTake(out Workspace? workspace) ? workspace : new Workspace(Architecture, _layers, Options.TileSize, _lanes);
    }

    // The hot loops are compiled fully optimised at first call (AggressiveOptimization) rather than starting as
    // tier-0 code: `gameupscaler upscale` is a short-lived process that runs each of them for well under a second,
    // which tiered compilation spends mostly in unoptimised code and on-stack replacement (issue 20: the whole-process
    // run was 0.806 s against 0.645 s with DOTNET_TieredCompilation=0).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ProcessTile(Workspace ws, PlanarImage input, PlanarImage output, int tileX, int tileY, int tileWidth, int tileHeight)
    {
        int halo = _layers.Length;
        int width = input.Width;
        int height = input.Height;

        // The frame is the tile plus its halo; frame (0, 0) is image (originX, originY).
        int frameWidth = tileWidth + (2 * halo);
        int frameHeight = tileHeight + (2 * halo);
        int originX = tileX - halo;
        int originY = tileY - halo;

        // The part of the frame inside the image: [x0, x1) × [y0, y1).
        int x0 = Math.Max(0, -originX);
        int x1 = Math.Min(frameWidth, width - originX);
        int y0 = Math.Max(0, -originY);
        int y1 = Math.Min(frameHeight, height - originY);
        if (x0 > 0 || y0 > 0 || x1 < frameWidth || y1 < frameHeight)
        {
            // Zero padding: nothing is ever written outside the image within a tile, so clearing the outside once
            // (it may hold values of an earlier tile) keeps it zero through every layer.
            ClearOutside(ws.Input, ws.InputBlocks, frameWidth, frameHeight, x0, x1, y0, y1);
            ClearOutside(ws.Ping, ws.HiddenBlocks, frameWidth, frameHeight, x0, x1, y0, y1);
            ClearOutside(ws.Pong, ws.HiddenBlocks, frameWidth, frameHeight, x0, x1, y0, y1);
        }

        int lanes = _lanes;
        int inputBlocks = ws.InputBlocks;
        for (int c = 0; c < Architecture.InputChannels; c++)
        {
            ReadOnlySpan<float> plane = input.GetPlane(c);
            int block = c / lanes, lane = c % lanes;
            for (int y = y0; y < y1; y++)
            {
                ReadOnlySpan<float> row = plane.Slice(((originY + y) * width) + originX + x0, x1 - x0);
                int target = ((((y * inputBlocks) + block) * frameWidth) + x0) * lanes;
                for (int x = 0; x < row.Length; x++)
                {
                    ws.Input[target + (x * lanes) + lane] = row[x];
                }
            }
        }

        float[] source = ws.Input;
        for (int k = 0; k < _layers.Length - 1; k++)
        {
            float[] target = (k & 1) == 0 ? ws.Ping : ws.Pong;
            int rx0 = Math.Max(k + 1, x0);
            int rx1 = Math.Min(frameWidth - k - 1, x1);
            int ry0 = Math.Max(k + 1, y0);
            int ry1 = Math.Min(frameHeight - k - 1, y1);
            for (int y = ry0; y < ry1; y++)
            {
                ConvRow(_layers[k], source, target, frameWidth, y, y, rx0, rx1);
            }

            source = target;
        }

        PackedConvLayer last = _layers[^1];
        for (int y = halo; y < halo + tileHeight; y++)
        {
            ConvRow(last, source, ws.Row, frameWidth, y, 0, halo, halo + tileWidth);
            WriteOutputRow(ws.Row, frameWidth, halo, input, output, tileX, tileY + y - halo, tileWidth);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ConvRow(PackedConvLayer layer, float[] input, float[] output, int frameWidth, int y, int outputRow, int xStart, int xEnd)
    {
        if (_lanes == ConvKernels512.Lanes)
        {
            ConvKernels512.ConvRow(layer, input, output, frameWidth, y, outputRow, xStart, xEnd);
        }
        else
        {
            ConvKernels256.ConvRow(layer, input, output, frameWidth, y, outputRow, xStart, xEnd);
        }
    }

    /// <summary>
    /// Depth-to-space in PyTorch <c>pixel_shuffle</c> order, plus the skip: the nearest-upsampled input, or for a
    /// temporal generator the history planes, which hold the accumulated frame in the same order (so the skip of output
    /// channel k is input plane <see cref="GeneratorArchitecture.HistoryPlane"/> + k).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteOutputRow(float[] row, int frameWidth, int halo, PlanarImage input, PlanarImage output, int imageX, int imageY, int count)
    {
        int s = Architecture.Scale;
        int lanes = _lanes;
        int outWidth = output.Width;
        bool temporal = Architecture.Temporal;
        for (int c = 0; c < GeneratorArchitecture.ImageChannels; c++)
        {
            ReadOnlySpan<float> nearest = input.GetPlane(c).Slice((imageY * input.Width) + imageX, count);
            Span<float> plane = output.GetPlane(c);
            for (int dy = 0; dy < s; dy++)
            {
                Span<float> outRow = plane.Slice((((imageY * s) + dy) * outWidth) + (imageX * s), count * s);
                for (int dx = 0; dx < s; dx++)
                {
                    int channel = (((c * s) + dy) * s) + dx;
                    ReadOnlySpan<float> skip = temporal
                        ? input.GetPlane(GeneratorArchitecture.HistoryPlane + channel).Slice((imageY * input.Width) + imageX, count)
                        : nearest;
                    int offset = ((((channel / lanes) * frameWidth) + halo) * lanes) + (channel % lanes);
                    for (int x = 0; x < count; x++)
                    {
                        outRow[(x * s) + dx] = row[offset + (x * lanes)] + skip[x];
                    }
                }
            }
        }
    }

    private void ClearOutside(float[] buffer, int blocks, int frameWidth, int frameHeight, int x0, int x1, int y0, int y1)
    {
        int blockFloats = frameWidth * _lanes;
        int rowFloats = blocks * blockFloats;
        for (int y = 0; y < frameHeight; y++)
        {
            Span<float> row = buffer.AsSpan(y * rowFloats, rowFloats);
            if (y < y0 || y >= y1)
            {
                row.Clear();
                continue;
            }

            for (int b = 0; b < blocks; b++)
            {
                Span<float> block = row.Slice(b * blockFloats, blockFloats);
                block[..(x0 * _lanes)].Clear();
                block[(x1 * _lanes)..].Clear();
            }
        }
    }

    /// <summary>Per-thread buffers for one tile: the input, two feature maps and one row of the last layer.</summary>
    private sealed class Workspace
    {
        public Workspace(GeneratorArchitecture architecture, PackedConvLayer[] layers, int tileSize, int lanes)
        {
            int frame = tileSize + (2 * architecture.ConvCount);
            HiddenBlocks = layers[0].OutputBlocks;
            InputBlocks = layers[0].InputBlocks;
            Input = new float[frame * frame * InputBlocks * lanes];
            Ping = new float[frame * frame * HiddenBlocks * lanes];
            Pong = new float[frame * frame * HiddenBlocks * lanes];
            Row = new float[frame * layers[^1].OutputBlocks * lanes];
        }

        public int HiddenBlocks { get; }

        public int InputBlocks { get; }

        public float[] Input { get; }

        public float[] Ping { get; }

        public float[] Pong { get; }

        public float[] Row { get; }
    }
}
