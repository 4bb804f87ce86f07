using GameUpscaler.Capture;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;
using GameUpscaler.Temporal;

namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// A temporal generator on ONNX Runtime, replayed over a capture: the accumulation as on the CPU reference, the network
/// as the exported ONNX graph with its three inputs (frame, history on the grid, confidence), one session per render size.
/// </summary>
public sealed class OnnxTemporalGeneratorMethod : ITemporalUpscaleMethod, IDisposable
{
    private readonly GeneratorWeights _weights;
    private readonly OnnxRuntimeOptions _options;
    private TemporalGeneratorReference? _pipeline;
    private OnnxSession? _session;
    private Size2D _sessionSize;

    /// <param name="weights">A temporal generator.</param>
    /// <param name="options">Library, provider and threads; null for the defaults.</param>
    /// <param name="label">The model's name in tables.</param>
    /// <exception cref="ArgumentException">The model is per-frame.</exception>
    public OnnxTemporalGeneratorMethod(GeneratorWeights weights, OnnxRuntimeOptions? options = null, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!weights.Architecture.Temporal)
        {
            throw new ArgumentException($"{weights.Architecture} is per-frame; the temporal method needs a temporal generator.", nameof(weights));
        }

        _weights = weights;
        _options = options ?? OnnxRuntimeOptions.Default;
        Name = (label ?? weights.Architecture.ToString()) + "-onnxruntime";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The provider of the current session; null before the first frame.</summary>
    public OnnxExecutionProvider? ExecutionProvider => _session?.ExecutionProvider;

    /// <inheritdoc />
    public Image8 Upscale(TemporalInput input, Size2D displaySize)
    {
        ArgumentNullException.ThrowIfNull(input);
        var render = new Size2D(input.Color.Width, input.Color.Height);
        bool resized = _pipeline is null || _pipeline.RenderSize != render || _pipeline.DisplaySize != displaySize;
        if (resized)
        {
            _pipeline = new TemporalGeneratorReference(_weights.Architecture, Run, render, displaySize);
        }

        return _pipeline!.Upscale(input.Color, TaauMethod.MotionPairs(input.Motion), input.Depth?.Data ?? [], input.JitterX, input.JitterY, input.Reset || resized);
    }

    /// <summary>The network on ORT: the input planes split into the graph's three inputs.</summary>
    private PlanarImage Run(PlanarImage planes)
    {
        GeneratorArchitecture arch = _weights.Architecture;
        int w = planes.Width, h = planes.Height, s = arch.Scale, n = w * h;
        var size = new Size2D(w, h);
        if (_session is null || _sessionSize != size)
        {
            _session?.Dispose();
            _session = OnnxSession.Create(
                OnnxExporter.Export(_weights, new OnnxExportOptions { Width = w, Height = h }),
                [OnnxExporter.InputName, OnnxExporter.HistoryName, OnnxExporter.ConfidenceName], OnnxExporter.OutputName, _options);
            _sessionSize = size;
        }

        float[] rgb = planes.Data.AsSpan(0, 3 * n).ToArray();
        float[] confidence = planes.GetPlane(arch.ConfidencePlane).ToArray();
        // The history planes back on the grid (depth-to-space of planes 3 … 3 + 3s² − 1).
        int gw = w * s, gh = h * s;
        float[] history = new float[3 * gw * gh];
        for (int c = 0; c < 3; c++)
        {
            for (int dy = 0; dy < s; dy++)
            {
                for (int dx = 0; dx < s; dx++)
                {
                    ReadOnlySpan<float> plane = planes.GetPlane(GeneratorArchitecture.HistoryPlane + (((c * s) + dy) * s) + dx);
                    for (int y = 0; y < h; y++)
                    {
                        for (int x = 0; x < w; x++)
                        {
                            history[(c * gw * gh) + (((y * s) + dy) * gw) + (x * s) + dx] = plane[(y * w) + x];
                        }
                    }
                }
            }
        }

        var output = new PlanarImage(gw, gh, 3);
        _session.Run([(rgb, [1, 3, h, w]), (history, [1, 3, gh, gw]), (confidence, [1, 1, h, w])], output.Data, [1, 3, gh, gw]);
        return output;
    }

    /// <inheritdoc />
    public void Dispose() => _session?.Dispose();
}
