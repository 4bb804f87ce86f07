namespace GameUpscaler.Cli;

using GameUpscaler.Evaluation;
using GameUpscaler.Models;
using GameUpscaler.Resampling;

/// <summary>The shared <c>--method</c>, <c>--model</c>, <c>--backend</c> and <c>--sharpness</c> options of upscale and eval.</summary>
internal static class MethodOptions
{
    public static IUpscaleMethod Create(CommandLineArguments args)
    {
        string? modelArgument = args.Get("model");
        string method = args.GetOrDefault("method", modelArgument is null ? "spatial" : "model").ToLowerInvariant();
        string backend = args.GetOrDefault("backend", "cpu").ToLowerInvariant();
        float sharpness = (float)args.GetDouble("sharpness", UpscalerDispatchDescription.DefaultSharpness, 0, 1);
        if (backend is not ("cpu" or "onnx" or "onnxruntime" or "vulkan"))
        {
            throw new UsageException($"Unknown backend '{backend}'; use cpu, vulkan or onnx.");
        }

        if (method != "model" && modelArgument is not null)
        {
            throw new UsageException($"--model only applies to --method model (got --method {method}).");
        }

        if (backend == "vulkan")
        {
            return CreateVulkan(args, method, modelArgument, sharpness);
        }

        return method switch
        {
            "bicubic" => new ResamplerMethod(ResampleKernel.Bicubic),
            "bilinear" => new ResamplerMethod(ResampleKernel.Bilinear),
            "lanczos" or "lanczos3" => new ResamplerMethod(ResampleKernel.Lanczos3),
            "nearest" => new ResamplerMethod(ResampleKernel.Nearest),
            "spatial" => new SpatialMethod(sharpness),
            "model" when backend is "onnx" or "onnxruntime" => new OnnxRuntime.OnnxGeneratorMethod(KnownModels.Resolve(
                modelArgument ?? throw new UsageException("--method model needs --model FILE|NAME."))),
            "model" => ForGenerator(KnownModels.Resolve(
                modelArgument ?? throw new UsageException("--method model needs --model FILE|NAME."))),
            _ => throw new UsageException($"Unknown method '{method}'."),
        };
    }

    /// <summary>
    /// A generator on still images, on the CPU: a per-frame one on the packed reference, the offline comparison's U-Net
    /// on the training layers, a temporal one on its first frame after a reset (a still image has no history).
    /// </summary>
    internal static IUpscaleMethod ForGenerator(GeneratorWeights weights) =>
        weights.Architecture.Temporal ? new TemporalFirstFrameMethod(weights)
        : weights.Architecture.Backbone == NetworkBackbone.UNet ? new Training.UNetGeneratorMethod(weights)
        : new GeneratorMethod(weights);

    private static VulkanMethod CreateVulkan(CommandLineArguments args, string method, string? modelArgument, float sharpness) => method switch
    {
        "model" => VulkanMethod.Create(
            KnownModels.Resolve(modelArgument ?? throw new UsageException("--method model needs --model FILE|NAME.")), sharpness, args.Get("device")),
        "spatial" => VulkanMethod.Create(null, sharpness, args.Get("device")),
        _ => throw new UsageException($"--backend vulkan runs --method model or spatial, not {method}."),
    };
}
