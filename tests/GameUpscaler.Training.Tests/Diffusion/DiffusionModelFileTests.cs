using System.Buffers.Binary;
using System.Text;
using GameUpscaler.Models;
using GameUpscaler.Training.Diffusion;

namespace GameUpscaler.Training.Tests.Diffusion;

public sealed class DiffusionModelFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gu-diffusion-file-" + Guid.NewGuid().ToString("N"));

    public DiffusionModelFileTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static DiffusionModel Model()
    {
        var model = DiffusionModel.CreateRandom(new DiffusionArchitecture(3, 4, 2, 6), new NoiseSchedule(500, 2e-4, 0.03), 17.25, seed: 9);
        model.GetTensor("blocks.1.film.bias")[3] = 0.125f;
        model.Metadata["training_iterations"] = "42";
        return model;
    }

    /// <summary>The file with its JSON header edited (offsets stay valid: the data is not touched).</summary>
    private static byte[] EditHeader(byte[] file, Func<string, string> edit)
    {
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = edit(Encoding.UTF8.GetString(file, 8, length));
        byte[] headerBytes = Encoding.UTF8.GetBytes(header);
        var result = new byte[8 + headerBytes.Length + (file.Length - 8 - length)];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)headerBytes.Length);
        headerBytes.CopyTo(result, 8);
        file.AsSpan(8 + length).CopyTo(result.AsSpan(8 + headerBytes.Length));
        return result;
    }

    private static ModelFormatException LoadFails(byte[] bytes) =>
        Assert.Throws<ModelFormatException>(() => DiffusionModelFile.Load(new MemoryStream(bytes), "bad.safetensors"));

    [Fact]
    public void SaveAndLoadRoundTripEverything()
    {
        DiffusionModel model = Model();
        string path = Path.Combine(_folder, "m.safetensors");
        DiffusionModelFile.Save(model, path);
        DiffusionModel loaded = DiffusionModelFile.Load(path);
        Assert.Equal(model.Architecture, loaded.Architecture);
        Assert.Equal((500, 2e-4, 0.03), (loaded.Schedule.Timesteps, loaded.Schedule.BetaStart, loaded.Schedule.BetaEnd));
        Assert.Equal(17.25, loaded.ResidualScale);
        Assert.Equal("bicubic", loaded.Upsampling);
        Assert.Equal("42", loaded.Metadata["training_iterations"]);
        Assert.Equal(model.Tensors.Keys.Order(), loaded.Tensors.Keys.Order());
        foreach ((string name, float[] values) in model.Tensors)
        {
            Assert.Equal(values, loaded.GetTensor(name));
        }

        Assert.Equal(File.ReadAllBytes(path), DiffusionModelFile.ToBytes(loaded));
        string header = Encoding.UTF8.GetString(File.ReadAllBytes(path));
        Assert.Contains("\"kind\":\"diffusion-sr\"", header, StringComparison.Ordinal);
        Assert.Contains("\"residual_scale\":\"17.25\"", header, StringComparison.Ordinal);
        Assert.Contains("\"embedding_dims\":\"6\"", header, StringComparison.Ordinal);
    }

    [Fact]
    public void The_noisy_input_gate_round_trips_a_file_without_it_reads_raw_and_an_unknown_value_is_refused()
    {
        DiffusionModel raw = Model();
        var gated = new DiffusionModel(raw.Architecture with { GateNoisyInput = true }, raw.Schedule, raw.ResidualScale,
            raw.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value), new Dictionary<string, string>());
        string path = Path.Combine(_folder, "gated.safetensors");
        byte[] bytes = DiffusionModelFile.ToBytes(gated);
        File.WriteAllBytes(path, bytes);
        Assert.True(DiffusionModelFile.Load(path).Architecture.GateNoisyInput);
        Assert.EndsWith(" gated", gated.Architecture.ToString(), StringComparison.Ordinal);

        // The first two models' files have no noisy_input key; renaming it (same length) makes such a file.
        byte[] key = Encoding.UTF8.GetBytes("\"noisy_input\"");
        int at = bytes.AsSpan().IndexOf(key);
        byte[] unknownKey = (byte[])bytes.Clone();
        Encoding.UTF8.GetBytes("\"noisy_inpuz\"").CopyTo(unknownKey, at);
        File.WriteAllBytes(path, unknownKey);
        Assert.False(DiffusionModelFile.Load(path).Architecture.GateNoisyInput);

        byte[] value = Encoding.UTF8.GetBytes("\"noisy_input\":\"gated\"");
        at = bytes.AsSpan().IndexOf(value);
        bytes[at + value.Length - 2] = (byte)'x';
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<GameUpscaler.Models.ModelFormatException>(() => DiffusionModelFile.Load(path));
        Assert.Contains("'noisy_input' is \"gatex\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unet_backbone_round_trips_a_file_without_the_key_is_plain_and_an_unknown_value_is_refused()
    {
        DiffusionModel plain = Model();
        DiffusionModel unet = DiffusionModel.CreateRandom(plain.Architecture with { Backbone = NetworkBackbone.UNet }, plain.Schedule, plain.ResidualScale, seed: 9);
        string path = Path.Combine(_folder, "unet.safetensors");
        byte[] bytes = DiffusionModelFile.ToBytes(unet);
        File.WriteAllBytes(path, bytes);
        DiffusionModel loaded = DiffusionModelFile.Load(path);
        Assert.Equal(NetworkBackbone.UNet, loaded.Architecture.Backbone);
        Assert.Equal(unet.GetTensor("up.conv.weight"), loaded.GetTensor("up.conv.weight"));
        Assert.Equal(unet.GetTensor("down.film.weight"), loaded.GetTensor("down.film.weight"));
        Assert.Contains("\"backbone\":\"unet2\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.EndsWith(" unet", loaded.Architecture.ToString(), StringComparison.Ordinal);

        // Files written before the key existed are plain: drop the key from a plain model's header.
        File.WriteAllBytes(path, EditHeader(DiffusionModelFile.ToBytes(plain), h => h.Replace(",\"backbone\":\"plain\"", string.Empty, StringComparison.Ordinal)));
        Assert.Equal(NetworkBackbone.Plain, DiffusionModelFile.Load(path).Architecture.Backbone);

        // A header that claims the U-Net over a plain model's tensors (its blocks are C wide, not 2C), or names an unknown body, is refused with the reason.
        Assert.Contains("tensor 'blocks.0.conv.weight'", LoadFails(EditHeader(DiffusionModelFile.ToBytes(plain), h => h.Replace("\"backbone\":\"plain\"", "\"backbone\":\"unet2\"", StringComparison.Ordinal))).Message, StringComparison.Ordinal);
        Assert.Contains("'backbone' is \"unet3\"", LoadFails(EditHeader(bytes, h => h.Replace("\"backbone\":\"unet2\"", "\"backbone\":\"unet3\"", StringComparison.Ordinal))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unet_costs_what_its_formula_says_and_C12_N3_is_level_with_the_plain_C16_N4()
    {
        var unet = new DiffusionArchitecture(2, 12, 3) { Backbone = NetworkBackbone.UNet };
        Assert.Equal(9L * ((9 * 4 * 12) + (8 * 12 * 12)), unet.MacsPerLowResolutionPixel);
        Assert.Equal(14_256, unet.MacsPerLowResolutionPixel);
        Assert.Equal(14_400, new DiffusionArchitecture(2, 16, 4).MacsPerLowResolutionPixel);
        // Counted from the tensors: every conv weight [O, I, 3, 3] costs 9·O·I per pixel of its level, a quarter at half resolution.
        long fromTensors = unet.GetTensorSpecs().Where(t => t.Name.EndsWith("conv.weight", StringComparison.Ordinal))
            .Sum(t => t.ElementCount / (t.Name.StartsWith("down.", StringComparison.Ordinal) || t.Name.StartsWith("blocks.", StringComparison.Ordinal) || t.Name.StartsWith("up.", StringComparison.Ordinal) ? 4 : 1));
        Assert.Equal(unet.MacsPerLowResolutionPixel, fromTensors);
    }

    [Fact]
    public void The_noisy_skip_round_trips_a_file_without_it_has_none_and_an_unknown_value_is_refused()
    {
        DiffusionModel plain = Model();
        DiffusionModel skipped = DiffusionModel.CreateRandom(plain.Architecture with { NoisySkip = true }, plain.Schedule, plain.ResidualScale, seed: 9);
        Array.Fill(skipped.GetTensor("skip.conv.weight"), 0.25f);
        string path = Path.Combine(_folder, "skip.safetensors");
        byte[] bytes = DiffusionModelFile.ToBytes(skipped);
        File.WriteAllBytes(path, bytes);
        DiffusionModel loaded = DiffusionModelFile.Load(path);
        Assert.True(loaded.Architecture.NoisySkip);
        Assert.Equal(skipped.GetTensor("skip.conv.weight"), loaded.GetTensor("skip.conv.weight"));
        Assert.Contains("\"noisy_skip\":\"filter\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("\"noisy_skip\":\"none\"", Encoding.UTF8.GetString(DiffusionModelFile.ToBytes(plain)), StringComparison.Ordinal);

        // Files written before the key existed have no skip: drop the key from a plain model's header.
        File.WriteAllBytes(path, EditHeader(DiffusionModelFile.ToBytes(plain), h => h.Replace(",\"noisy_skip\":\"none\"", string.Empty, StringComparison.Ordinal)));
        Assert.False(DiffusionModelFile.Load(path).Architecture.NoisySkip);

        // A header that claims the skip without its tensors, or names an unknown kind, is refused with the reason.
        Assert.Contains("skip.conv.weight", LoadFails(EditHeader(DiffusionModelFile.ToBytes(plain), h => h.Replace("\"noisy_skip\":\"none\"", "\"noisy_skip\":\"filter\"", StringComparison.Ordinal))).Message, StringComparison.Ordinal);
        var error = LoadFails(EditHeader(bytes, h => h.Replace("\"noisy_skip\":\"filter\"", "\"noisy_skip\":\"wiener\"", StringComparison.Ordinal)));
        Assert.Contains("'noisy_skip' is \"wiener\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_parameterisation_round_trips_and_an_unknown_one_is_refused()
    {
        DiffusionModel epsilon = Model();
        var x0 = new DiffusionModel(epsilon.Architecture with { Prediction = DiffusionPrediction.Sample }, epsilon.Schedule, epsilon.ResidualScale,
            epsilon.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value), new Dictionary<string, string>());
        byte[] bytes = DiffusionModelFile.ToBytes(x0);
        Assert.Contains("\"prediction\":\"x0\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Contains("\"prediction\":\"epsilon\"", Encoding.UTF8.GetString(DiffusionModelFile.ToBytes(epsilon)), StringComparison.Ordinal);
        string path = Path.Combine(_folder, "x0.safetensors");
        File.WriteAllBytes(path, bytes);
        Assert.Equal(DiffusionPrediction.Sample, DiffusionModelFile.Load(path).Architecture.Prediction);
        var v = new DiffusionModel(epsilon.Architecture with { Prediction = DiffusionPrediction.Velocity }, epsilon.Schedule, epsilon.ResidualScale,
            epsilon.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value), new Dictionary<string, string>());
        File.WriteAllBytes(path, DiffusionModelFile.ToBytes(v));
        Assert.Equal(DiffusionPrediction.Velocity, DiffusionModelFile.Load(path).Architecture.Prediction);
        File.WriteAllBytes(path, bytes);

        // The value changed in place (same length, so the header's offsets stay valid): only the value is unknown.
        byte[] key = Encoding.UTF8.GetBytes("\"prediction\":\"x0\"");
        int at = bytes.AsSpan().IndexOf(key);
        bytes[at + key.Length - 3] = (byte)'v';
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<GameUpscaler.Models.ModelFormatException>(() => DiffusionModelFile.Load(path));
        Assert.Contains("'prediction' is \"v0\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedFilesAreRefused()
    {
        byte[] bytes = DiffusionModelFile.ToBytes(Model());
        Assert.Contains("truncated", LoadFails(bytes[..^10]).Message, StringComparison.Ordinal);
        Assert.Contains("runs past the end", LoadFails(bytes[..40]).Message, StringComparison.Ordinal);
        Assert.Contains("8-byte header length", LoadFails(bytes[..5]).Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.safetensors: ", LoadFails(bytes[..^10]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FilesOfAnotherKindAreRefusedBothWays()
    {
        string generator = Path.Combine(_folder, "g.safetensors");
        GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 1).Save(generator);
        var asDiffusion = Assert.Throws<ModelFormatException>(() => DiffusionModelFile.Load(generator));
        Assert.Contains("not a diffusion model", asDiffusion.Message, StringComparison.Ordinal);
        Assert.Contains("gameupscaler-generator", asDiffusion.Message, StringComparison.Ordinal);

        string diffusion = Path.Combine(_folder, "d.safetensors");
        DiffusionModelFile.Save(Model(), diffusion);
        var asGenerator = Assert.Throws<ModelFormatException>(() => GeneratorWeights.Load(diffusion));
        Assert.Contains("kind \"diffusion-sr\"", asGenerator.Message, StringComparison.Ordinal);
        Assert.Contains("not a generator", asGenerator.Message, StringComparison.Ordinal);

        byte[] bytes = DiffusionModelFile.ToBytes(Model());
        Assert.Contains("only \"diffusion-sr\"", LoadFails(EditHeader(bytes, h => h.Replace("\"diffusion-sr\"", "\"diffusion-xx\"", StringComparison.Ordinal))).Message, StringComparison.Ordinal);
        Assert.Contains("only \"bicubic\"", LoadFails(EditHeader(bytes, h => h.Replace("\"bicubic\"", "\"nearest\"", StringComparison.Ordinal))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TensorsThatDoNotMatchTheMetadataAreRefused()
    {
        byte[] bytes = DiffusionModelFile.ToBytes(Model());
        ModelFormatException channels = LoadFails(EditHeader(bytes, h => h.Replace("\"channels\":\"4\"", "\"channels\":\"5\"", StringComparison.Ordinal)));
        Assert.Contains("has shape [4, 54, 3, 3]; the architecture needs [5, 54, 3, 3]", channels.Message, StringComparison.Ordinal);

        ModelFormatException embedding = LoadFails(EditHeader(bytes, h => h.Replace("\"embedding_dims\":\"6\"", "\"embedding_dims\":\"8\"", StringComparison.Ordinal)));
        Assert.Contains("blocks.0.film.weight", embedding.Message, StringComparison.Ordinal);

        ModelFormatException blocks = LoadFails(EditHeader(bytes, h => h.Replace("\"blocks\":\"2\"", "\"blocks\":\"1\"", StringComparison.Ordinal)));
        Assert.Contains("unexpected tensor 'blocks.1.", blocks.Message, StringComparison.Ordinal);

        ModelFormatException odd = LoadFails(EditHeader(bytes, h => h.Replace("\"embedding_dims\":\"6\"", "\"embedding_dims\":\"5\"", StringComparison.Ordinal)));
        Assert.Contains("unsupported diffusion model", odd.Message, StringComparison.Ordinal);

        ModelFormatException scale = LoadFails(EditHeader(bytes, h => h.Replace("\"residual_scale\":\"17.25\"", "\"residual_scale\":\"-1\"", StringComparison.Ordinal)));
        Assert.Contains("residual_scale", scale.Message, StringComparison.Ordinal);

        ModelFormatException missing = LoadFails(EditHeader(bytes, h => h.Replace("\"timesteps\":\"500\",", string.Empty, StringComparison.Ordinal)));
        Assert.Contains("metadata has no 'timesteps'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheModelRefusesWrongTensorsAndReservedMetadata()
    {
        DiffusionModel model = Model();
        var tensors = model.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value);
        tensors["head.conv.bias"] = new float[3];
        Assert.Throws<ArgumentException>(() => new DiffusionModel(model.Architecture, model.Schedule, 1, tensors));
        Assert.Throws<ArgumentException>(() => new DiffusionModel(model.Architecture, model.Schedule, 0, model.Tensors));
        Assert.Throws<ArgumentException>(() => new DiffusionModel(model.Architecture, model.Schedule, 1, model.Tensors, new Dictionary<string, string> { ["kind"] = "x" }));
    }
}
