namespace GameUpscaler.Cli;

using static GameUpscaler.Cli.CliOption;

/// <summary>
/// Every command of <c>gameupscaler</c> as data: what <c>--help</c> prints, what the parser accepts and checks before
/// any work starts, and what completion offers all come from these definitions.
/// </summary>
internal static class CliCommands
{
    private const string Modes = "native | quality | balanced | performance | ultra-performance";

    /// <summary>The options of the per-image methods (upscale and eval).</summary>
    private static readonly CliOption[] MethodOptions =
    [
        Choice("method", "the upscaling method", "model if --model is given, else spatial", "bicubic", "bilinear", "lanczos", "nearest", "spatial", "model"),
        Model("model", "a generator .safetensors file, or the name of a shipped model (see 'gameupscaler info')"),
        Choice("backend", "cpu; vulkan (model and spatial methods; --device picks the GPU); onnx (ONNX Runtime: DirectML on Windows, CUDA where present, else its CPU kernels)", "cpu", "cpu", "vulkan", "onnx", "onnxruntime"),
        Text("device", "N|NAME", "the Vulkan device by index or name (--backend vulkan)"),
        Number("sharpness", "S", "sharpening for the spatial method and the Vulkan backend, 0 to 1", 0, 1, "0.2"),
    ];

    private static readonly CliOption Overwrite = Flag("overwrite", "allow the output to be an input (refused otherwise)");

    public static IReadOnlyList<CliCommand> All { get; } =
    [
        new CliCommand("demo", "Render the built-in test scene at a quality mode's render size, upscale it with every method, keep the best.")
        {
            Options =
            [
                Size("display", "display size", "1280x720"),
                Mode("mode", $"quality mode: {Modes}", "performance (ratio 2)"),
                Model("model", "also try this generator model (CPU backend)"),
                Number("sharpness", "S", "sharpening of the spatial method, 0 to 1", 0, 1, "0.2"),
                Text("out", "DIR", "output folder", "out/demo"),
            ],
            Run = DemoCommand.Run,
        },
        new CliCommand("upscale", "Upscale an image file. OUT is always written as PNG and must end in .png.")
        {
            Arguments = [new("IN", "the input image (.png, .jpg, .jpeg)"), new("OUT", "the output PNG")],
            Options =
            [
                Number("scale", "S", "per-axis factor, 1 to 4, may be fractional", 1, 4, "2"),
                Mode("mode", $"instead of --scale, a quality mode: {Modes} (ratios 1, 1.5, 1.7, 2, 3)"),
                Text("max-pixels", "N|WxH", "the largest input and output image, as a pixel count or WxH; a larger one is refused before anything is allocated for it", "8192x8192 = 67,108,864"),
                Overwrite with { Description = "allow OUT to be IN (refused otherwise)" },
                .. MethodOptions,
            ],
            Run = UpscaleCommand.Run,
        },
        new CliCommand("eval", "Score a method on an SR dataset (MATLAB-compatible protocol): HR images are modcropped, shrunk with MATLAB bicubic (antialiased, 8-bit), upscaled by the method and scored with Y-PSNR / Y-SSIM (BT.601, border of S pixels shaved).")
        {
            Options =
            [
                ExistingDirectory("dataset", "DIR", "folder of HR .png / .jpg / .jpeg images") with { Required = true },
                Int("scale", "S", "2, 3 or 4", 2, 4) with { Required = true },
                Text("json", "FILE", "write {\"mean\": {...}, \"images\": [...]}"),
                Text("csv", "FILE", "write one row per image and a mean row"),
                .. MethodOptions,
            ],
            Run = EvalCommand.Run,
        },
        new CliCommand("model", "Model files: 'model new' (random weights), 'model blend' (L1/GAN network interpolation).")
        {
            Subcommands =
            [
                new CliCommand("new", "A randomly initialised generator.")
                {
                    Arguments = [new("OUT", "the .safetensors file to write")],
                    Options =
                    [
                        Int("scale", "S", "2, 3 or 4 (1 for a same-size enhancer)", 1, 4) with { Required = true },
                        Int("channels", "C", "feature channels (e.g. 16, 32, 64)", 1, 512) with { Required = true },
                        Int("blocks", "N", "body convolutions between the first and last conv (e.g. 4, 6, 16)", 0, 256) with { Required = true },
                        Int("seed", "K", "random seed", int.MinValue, int.MaxValue, "1"),
                        Overwrite,
                    ],
                    Run = ModelCommand.Run,
                },
                new CliCommand("blend", "Network interpolation (1 - A)·FROM + A·TO of two models of one architecture (files or known names), e.g. an L1 model and its GAN fine-tune: A trades fidelity (0) for sharpness (1).")
                {
                    Arguments = [new("FROM", "the model at alpha 0"), new("TO", "the model at alpha 1"), new("OUT", "the .safetensors file to write")],
                    Options = [Number("alpha", "A", "weight of TO, 0 to 1", 0, 1) with { Required = true }, Overwrite with { Description = "allow OUT to be FROM or TO (refused otherwise)" }],
                    Run = ModelCommand.Run,
                },
            ],
        },
        new CliCommand("export", "Write a generator as an ONNX model (input 'input' [1,3,H,W], output 'output' [1,3,H·s,W·s], float32) or a PyTorch checkpoint (Real-ESRGAN/BasicSR's SRVGGNetCompact state dict under 'params'; per-frame generators only).")
        {
            Options =
            [
                Model("model", "a generator .safetensors file, or the name of a shipped model (see 'gameupscaler info')") with { Required = true },
                Text("onnx", "OUT.onnx", "the ONNX file to write"),
                Int("opset", "N", "ONNX opset", 13, 21, "13"),
                Int("width", "W", "fix the ONNX input width (DirectML runs fixed shapes best)", 1, 65536, "symbolic"),
                Int("height", "H", "fix the ONNX input height", 1, 65536, "symbolic"),
                Text("pytorch", "OUT.pth", "the torch.save checkpoint to write: SRVGGNetCompact(num_in_ch=3, num_out_ch=3, num_feat=C, num_conv=N, upscale=s, act_type='prelu') under 'params', as Real-ESRGAN's inference and BasicSR's fine-tuning read it"),
                Flag("bare", "with --pytorch: write the state dict itself, for model.load_state_dict(torch.load(OUT))"),
            ],
            Run = ExportCommand.Run,
        },
        new CliCommand("import", "Convert a Real-ESRGAN compact model into a generator file: --ncnn PARAM BIN OUT, or --pytorch FILE OUT. OUT then runs on every backend (--model OUT).")
        {
            Arguments = [new("FILES", "PARAM BIN OUT (ncnn) or FILE OUT (PyTorch); OUT is never an input unless --overwrite is given") { Min = 2, Max = 3 }],
            Options =
            [
                Flag("ncnn", "read an ncnn model: the text .param and its .bin (fp16 or fp32 weights) of an SRVGGNetCompact network (realesr-animevideov3, realesr-general-x4v3 …); other layers are rejected"),
                Flag("pytorch", "read a PyTorch state dict of SRVGGNetCompact (act_type 'prelu', any num_feat, num_conv, upscale 1-4): a torch.save checkpoint (.pth; of BasicSR's 'params_ema' and 'params' the EMA weights are taken) or a safetensors file; float32/float16/bfloat16. Read without Python: nothing in the file is executed, anything but a state dict is refused"),
                Overwrite,
            ],
            Run = ImportCommand.Run,
        },
        new CliCommand("train", "Train a generator (L1, then GAN; per-frame or temporal) or the diffusion model on (LR, HR) patch pairs: natural images under --data, degraded by MATLAB bicubic, box or point sampling, and procedural scenes rendered aliased (1 sample/pixel) against 4x4 supersampled. Writes the EMA weights to --out at every checkpoint; a run stopped by --minutes or Ctrl+C resumes exactly (--resume CHECKPOINT_DIR, with --iterations, --mix, --data, --textures, --texture-share, --captures, --still-share, --temporal-weight, --minutes changing the run from there).")
        {
            Options =
            [
                Int("scale", "S", "2, 3 or 4", 1, 4),
                Int("channels", "C", "feature channels", 1, 512),
                Int("blocks", "N", "body convolutions", 0, 256),
                Choice("stage", "l1: L1 loss from random weights; gan: L1 + adversarial from --init; diffusion: a conditional denoiser of the residual over bicubic (MSE to x0 or to the noise, --prediction; N modulated blocks; offline comparison model, sampled with DDIM)", "l1", "l1", "gan", "diffusion"),
                ExistingDirectory("resume", "CHECKPOINT_DIR", "continue a run from its checkpoint"),
                Int("iterations", "K", "total iterations; with --resume, a new total", 1, int.MaxValue, "20000"),
                Int("batch", "B", "patches per batch", 1, 4096, "16"),
                Int("patch", "P", "LR patch side", 4, 1024, "48"),
                Number("lr", "X", "peak Adam learning rate (held for half the run, then cosine decay to 1%)", 1e-9, 1, "1e-3"),
                Int("seed", "K", "weights and data stream", int.MinValue, int.MaxValue, "1"),
                ExistingDirectory("data", "DIR[:DIR...]", "folders of PNG training images (none: procedural scenes only); never ../shared/data/eval", list: true),
                ExistingDirectory("textures", "DIR[:DIR...]", "folders of seamless textures (e.g. a game's terrain tiles), cut as if tiled", list: true),
                Number("texture-share", "F", "fraction of natural-image patches cut from --textures", 0, 1, "0.2 when --textures is given"),
                Int("holdout", "N", "keep 1 in N images of --data out of training: the validation split 'gameupscaler holdout' writes, for eval curves (the same split for every stage and model)", 2, 100_000),
                Text("mix", "b,x,p,r", "weights of bicubic, box, point, rendered-scene pairs; with --resume, the mix from here on (a fine-tune)", "0.85,0.05,0.05,0.05"),
                Model("init", "L1 stage: the per-frame twin (xS-cC-nN) to start a temporal run from; GAN stage: the L1 model (per-frame or temporal)"),
                Number("l1-weight", "W", "GAN stage: weight of L1 in the generator loss", 0, 1000, "1.0"),
                Number("adv-weight", "W", "GAN stage: weight of the non-saturating adversarial loss", 0, 1000, "0.05"),
                Int("embedding-dims", "D", "diffusion stage: sinusoidal timestep embedding size", 2, 4096, "32"),
                Choice("prediction", "diffusion stage: what the network predicts: v, the velocity (x̂0 skips x_t at low noise and is the network's output at high noise), x0, the clean residual (the second model: speckle where it had to copy x_t), or epsilon, the noise (DDPM's choice; the first model, whose high-noise error DDIM amplified)", "v", "v", "x0", "epsilon"),
                Choice("noisy-input", "diffusion stage: how x_t enters the network: raw, or gated (√ᾱ_t·x_t: the same information, faded out where it is mostly noise)", "raw", "raw", "gated"),
Choice("backbone", "the body, of the per-frame generator or the diffusion denoiser: plain (N convolutions at LR, SRVGG's) or unet (a two-level U-Net: down-sampling, N blocks at half resolution, up-sampling with a skip; the denoiser's 9·(9s²C + (5 + N)·C²) multiply-adds per LR pixel puts C12/N3 level with plain C16/N4; a U-Net generator runs on the CPU only, for the offline comparison)", "plain", "plain", "unet"),
                                Choice("noisy-skip", "diffusion stage: none, or filter: x_t also reaches the output through a timestep-modulated linear 3×3 filter beside the body, which carries x_t's noise back out (the plain body's 20-step samples kept their starting noise)", "none", "none", "filter"),
                Number("residual-scale", "R", "diffusion stage: x0 = (HR - bicubic(LR)) * R", 1e-9, 1e9, "1/RMS of the residual, measured"),
                Text("out", "FILE", "EMA weights (NAME = xS-cC-nN-STAGE)", "models/checkpoints/NAME.safetensors"),
                Text("checkpoint", "DIR", "checkpoint folder", "models/checkpoints/NAME"),
                Text("log", "FILE", "loss log CSV", "models/checkpoints/NAME.loss.csv"),
                Number("checkpoint-minutes", "M", "minutes between checkpoints", 0.01, 1e6, "5"),
                Int("snapshot-every", "K", "also write the EMA weights every K iterations to OUT.snapshots/step-NNNNNNN.safetensors beside --out, for an eval curve scored afterwards", 1, int.MaxValue),
                Number("minutes", "M", "stop (with a checkpoint) after M minutes of this invocation", 0.001, 1e7),
                Flag("temporal", "train a temporal generator (history in, next history out; trained on sequences rolled out with its own weights; NAME = xS-cC-nN-temporal-STAGE)"),
                ExistingDirectory("captures", "DIR[:DIR...]", "temporal: training captures (CAPTURE.md; display = S x render, e.g. the sample's --path 3 and up)", list: true),
                Int("procedural", "K", "temporal: procedural pan sequences beside the captures", 0, 10000, "8"),
                ExistingDirectory("validation", "DIR", "temporal: a capture scored every --eval-every iterations into NAME.eval.csv (never a report's)"),
                Int("eval-every", "K", "temporal: iterations between validation scores", 1, int.MaxValue, "500"),
                Number("temporal-weight", "W", "temporal: weight of the temporal-error term (the GAN stage wants about 0.5)", 0, 1000, "0"),
                Int("refresh-every", "K", "temporal: iterations between re-rolling one sequence with the current weights", 1, int.MaxValue, "40"),
                Number("still-share", "F", "temporal: share of each batch that is a still image's first frame (--data pairs through the accumulation's reset): the per-frame twin's quality at a camera cut and on stills", 0, 1, "0"),
            ],
            Run = TrainCommand.Run,
        },
        new CliCommand("holdout", "Write the validation split that 'train --holdout N' kept out of training (1 in N images of --data, chosen by a hash of their names), centre-cropped, as a dataset folder for eval curves: eval, report and compare score each EMA snapshot on it.")
        {
            Options =
            [
                ExistingDirectory("data", "DIR[:DIR...]", "the training data the runs read", list: true) with { Required = true },
                Int("every", "N", "the N of the runs' --holdout N", 2, 100_000) with { Required = true },
                Int("size", "N", "largest side of the centre crop kept of each image", 48, 4096, "192"),
                Text("out", "DIR", "a new or empty folder") with { Required = true },
            ],
            Run = HoldoutCommand.Run,
        },
        new CliCommand("snapshots", "Score a run's EMA snapshots (train --snapshot-every K) with the eval protocol on a dataset (its validation split from 'gameupscaler holdout'): the eval curve as a CSV that 'curve' plots. A generator is scored directly, a diffusion model at --steps K.")
        {
            Options =
            [
                ExistingDirectory("snapshots", "DIR", "the run's OUT.snapshots folder") with { Required = true },
                ExistingDirectory("dataset", "DIR", "folder of HR images (the validation split; never the evaluation images)") with { Required = true },
                Int("scale", "S", "2, 3 or 4", 2, 4) with { Required = true },
                Int("steps", "K", "DDIM steps for a diffusion model", 1, 1000, "20"),
                Int("seed", "N", "diffusion noise seed", int.MinValue, int.MaxValue, "0"),
                Text("csv", "FILE", "the curve to write (step,psnr_y,psnr_y_from_frame8)") with { Required = true },
            ],
            Run = SnapshotsCommand.Run,
        },
        new CliCommand("curve", "Plot training runs' validation Y-PSNR (frames >= 8) against iterations from each run's eval CSV (step,psnr_y,psnr_y_from_frame8), as SVG.")
        {
            Options =
            [
                Text("eval", "FILE[,FILE...]", "the runs' eval CSVs") with { Required = true },
                Text("out", "FILE.svg", "the plot to write") with { Required = true },
                Text("labels", "A,B,...", "a legend label per file"),
                Flag("chain", "each file continues the previous one (an L1 run, then its GAN stage): steps are offset by the previous file's last step"),
                Text("reference", "NAME=DB[,...]", "dashed lines for methods scored on the same capture (e.g. taau=32.82)"),
                Text("title", "T", "the plot's title"),
            ],
            Run = CurveCommand.Run,
        },
        new CliCommand("report", "Model-card table: bicubic, the spatial upscaler (sharpness 0.2) and each model on every dataset: Y-PSNR and Y-SSIM (the eval protocol), GMSD (lower is better) and the high-frequency energy ratio against HR (1 = as detailed); and a side-by-side crop.")
        {
            Options =
            [
                Int("scale", "S", "2, 3 or 4", 2, 4) with { Required = true },
                Text("model", "[LABEL=]NAME|FILE[,...]", "the models to score") with { Required = true },
                Text("datasets", "DIR,...", "folders of PNG images and/or 'scene-1spp' (the test scene rendered at 1 sample per pixel against 4x4 supersampled)", "Set5, Set14, the four game screenshot sets of ../shared/data/eval, scene-1spp"),
                Text("markdown", "FILE", "write the table"),
                Text("crop", "FILE", "write a side-by-side PNG: HR, bicubic, spatial, each model (same crop, zoom x2)"),
                Text("crop-from", "IMG", "image for the crop; 'scene-1spp' for the scene", "games_redeclipse's first image"),
                Text("crop-at", "X,Y", "top-left of the HR crop", "the image centre"),
                Int("crop-size", "N", "side of the HR crop", 8, 4096, "96"),
            ],
            Run = ReportCommand.Run,
        },
        new CliCommand("compare", "Bicubic, the spatial upscaler (sharpness 0.2), each generator and the diffusion model at each step count on every dataset: Y-PSNR and Y-SSIM (the eval protocol), GMSD, the high-frequency energy ratio against HR, and ms per image (the Upscale call alone, one thread, after warm-up calls), plus the diffusion/GAN time ratio measured in the same run.")
        {
            Options =
            [
                Text("dataset", "DIR[,DIR...]", "folders of PNG images and/or 'scene-1spp'") with { Required = true },
                Int("scale", "S", "2, 3 or 4", 2, 4) with { Required = true },
                Text("models", "NAME|FILE,...", "generator files or shipped model names", "x2-c8-n2-l1,x2-c8-n2-gan"),
                ExistingFile("diffusion", "FILE[,FILE...]", "diffusion models, each run at each --steps K (with several, each method is named after its file: NAME-kK)", list: true),
                Text("steps", "K,...", "diffusion sampling steps (integers 1..1000)", "1,4,20"),
                Int("seed", "N", "diffusion noise seed", int.MinValue, int.MaxValue, "0"),
                Number("temperature", "T", "scale of the diffusion sampler's initial noise, 0 to 1 (below 1: towards the posterior mean; named -tT in the report)", 0, 1, "1"),
                ExistingDirectory("captures", "DIR[,DIR...]", "frame captures (CAPTURE.md, e.g. the sample's --export-capture) every method also runs on, per frame: Y-PSNR and temporal error", list: true),
                Text("out", "DIR", "where compare.json, report.md and the crop PNGs go", "out/compare"),
            ],
            Run = CompareCommand.Run,
        },
        new CliCommand("temporal", "Temporal stability on an exact sub-pixel pan: cuts a diagonal pan from each image (N frames of WxH moving P HR pixels per frame: a 1/S-pixel move of the low-resolution frame), degrades every frame by the eval protocol, upscales it with bicubic, the spatial upscaler and each model, and reports the warping error (the RMS change of Y between frame t+1 moved back by the pan and frame t; HR scores 0, lower is steadier) with the frames' mean Y-PSNR.")
        {
            Options =
            [
                Int("scale", "S", "2, 3 or 4", 2, 4) with { Required = true },
                Text("model", "[LABEL=]NAME|FILE[,...]", "the models to score"),
                Text("datasets", "DIR,...", "folders of PNG/JPEG images", "Set14 and the four game screenshot sets of ../shared/data/eval"),
                Int("frames", "N", "frames per pan", 2, 10000, "8"),
                Int("step", "P", "HR pixels per frame", 1, 1000, "1"),
                Size("size", "the pan's HR frame size", "192x192"),
                Text("markdown", "FILE", "write the table"),
            ],
            Run = TemporalCommand.Run,
        },
        new CliCommand("capture", "Frame captures (../shared/docs/CAPTURE.md: jittered colour, motion vectors, depth, jitter, reset, display-size references, written by any program): replay them through a method and score them.")
        {
            Subcommands =
            [
                new CliCommand("eval", "Replay every frame of a capture through the method, in order, and score it as the format says: Y-PSNR over all frames and over frames >= 8, Y-SSIM, temporal error (0 for the reference; lower is steadier). Nothing is written when the capture is malformed or a frame fails.")
                {
                    Options =
                    [
                        ExistingDirectory("capture", "DIR", "the capture") with { Required = true },
                        Choice("method", "bicubic, bilinear, lanczos, spatial, model (per frame), taau (temporal accumulation), temporal (a temporal generator inside the accumulation)", "taau", "bicubic", "bilinear", "lanczos", "spatial", "model", "taau", "temporal"),
                        Model("model", "a generator .safetensors file or a shipped model's name (--method model or temporal)"),
                        Choice("backend", "cpu; vulkan (spatial, model, taau and temporal; --device picks the GPU); onnxruntime (model, temporal)", "cpu", "cpu", "vulkan", "onnx", "onnxruntime"),
                        Text("device", "N|NAME", "the Vulkan device by index or name"),
                        Text("json", "FILE", "{\"summary\": {psnr_y, psnr_y_from_frame8, ssim_y, temporal_error, high_frequency_ratio, ms_per_frame}, \"frames\": [...]}"),
                        Text("frames-out", "DIR", "the output frames as DIR/NNNN.png (a new or empty folder)"),
                        Text("settings", "NAME=VALUE,...", "the accumulation's tuning for this replay (taau or temporal, --backend cpu): " + TemporalSettingsArgument.Names),
                    ],
                    Run = CaptureCommand.Run,
                },
                new CliCommand("report", "Every capture through bicubic, spatial, each model (per frame) and taau: one markdown table (Y-PSNR all frames and frames >= 8, Y-SSIM, temporal error, CPU ms per frame), and per capture a crop strip of its last frame (reference, then each method; the 96-px window with the most detail, zoom x2) as DIR/crop-CAPTURE.png.")
                {
                    Options =
                    [
                        ExistingDirectory("captures", "DIR[,DIR...]", "the captures", list: true) with { Required = true },
                        Text("models", "NAME|FILE[,...]", "the per-frame models"),
                        Text("markdown", "FILE", "the table to write") with { Required = true },
                        Text("crops", "DIR", "where the crop strips go"),
                        Text("json", "FILE", "the scores as JSON"),
                    ],
                    Run = CaptureCommand.Run,
                },
            ],
        },
        new CliCommand("info", "Versions, CPU features, backends (Vulkan devices, ONNX Runtime providers) and the shipped models.")
        {
            Run = InfoCommand.Run,
        },
        new CliCommand("bench", "Frame-time benchmark: GPU time per pass, percentiles, budget adherence; bench.json, summary.csv, summary.md, frames.csv, passes.csv, frame-times.svg and passes.svg in --out.")
        {
            Options =
            [
                Text("modes", "M1,M2", "quality modes", "quality,performance"),
                Text("models", "spatial,taau,cCnN,FILE", "'spatial', 'taau' (the temporal accumulation upscaler on a jittered pan), 'cCnN' (random weights of that size, scale = the mode's ratio rounded up), or a model file/name", "spatial,c8n2,c16n4"),
                Int("frames", "N", "measured frames per run (lavapipe is a CPU: keep it small)", 1, 1_000_000, "20"),
                Int("warmup", "N", "unmeasured frames first", 0, 1_000_000, "2"),
                Number("budget", "MS", "upscale GPU budget: adherence per run, and a 'governor' run per mode over the models", 1e-12, 1e6),
                Flag("dynamic-resolution", "the governor run may lower the render scale (down to half per axis) when even the cheapest model overruns"),
                Size("display", "display size (e.g. 3840x2160 on a GPU)", "640x360"),
                Choice("permutation", "the network's precision permutation", "auto", "fp32", "sfp16", "afp16", "auto"),
                Text("device", "N|NAME", "the Vulkan device by index or name"),
                Number("sharpness", "S", "sharpening, 0 to 1", 0, 1, "0.2"),
                Choice("source", "the frames upscaled: 'synthetic' (the built-in test scene, rendered once per size) or 'sample' (the sample game's scene, frame k of its camera path, rendered every frame on the device)", "synthetic", "synthetic", "sample"),
                Choice("format", "the colour and output images' format", "rgba8 (an LDR game's)", "rgba8", "rgba16f", "rgba32f"),
                Choice("host-images", "'direct': the colour is sampled and the output stored by the passes; 'copy': both declared copy-only, so they go through staging buffers (the fallback). Bytes moved per frame are reported either way", "direct", "direct", "copy"),
                Number("peak-tflops", "T", "the device's peak TFLOPS, for the share-of-peak columns of summary.md", 1e-6, 1e6),
                Number("peak-gbps", "G", "the device's peak memory bandwidth in GB/s, for summary.md", 1e-6, 1e9),
                Text("out", "DIR", "output folder", "out/bench"),
            ],
            Run = BenchCommand.Run,
        },
        new CliCommand("completion", "Print a shell completion script: 'eval \"$(gameupscaler completion bash)\"' in ~/.bashrc (bash), or the zsh equivalent.")
        {
            Arguments = [new("SHELL", "bash or zsh")],
            Run = CompletionCommand.Run,
        },
    ];
}
