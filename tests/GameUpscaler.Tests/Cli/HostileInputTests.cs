namespace GameUpscaler.Tests.Cli;

using System.IO.Compression;
using GameUpscaler.Cli;
using GameUpscaler.Imaging;
using GameUpscaler.Models;

/// <summary>
/// What the CLI does with input a hostile or careless user gives it (issue 13): a corrupt model among good ones,
/// pipes and devices as paths, decompression bombs, an output that is the input, an extension that is not the format
/// written, empty arguments. Each case is an error in words with the documented exit code, or correct output.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class HostileInputTests
{
    private const string Cli = "GameUpscaler.Cli.dll";

    [Fact]
    public void A_model_with_invalid_utf8_in_its_header_is_listed_as_unusable_and_the_others_stay_usable()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        byte[] model = File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "models", "x2-c8-n2-l1.safetensors"));
        model[392] ^= 0xfd; // the flip: the JSON header stays well formed, one string is not UTF-8
        File.WriteAllBytes(temp.File("x2-c8-n2-l1.safetensors"), model);
        var environment = new Dictionary<string, string> { [KnownModels.EnvironmentVariable] = temp.Path };

        ChildProcess.Result info = ChildProcess.RunDotnet(Cli, ["info"], environment);

        Assert.True(info.ExitCode == 0, info.Output);
        string[] lines = info.StandardOutput.Split('\n');
        string corrupt = Assert.Single(lines, l => l.TrimStart().StartsWith("x2-c8-n2-l1 ", StringComparison.Ordinal));
        Assert.Contains("unusable", corrupt, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", corrupt, StringComparison.Ordinal);
        string good = Assert.Single(lines, l => l.TrimStart().StartsWith("x2-c16-n4-l1 ", StringComparison.Ordinal));
        Assert.DoesNotContain("unusable", good, StringComparison.Ordinal);

        using TemporaryDirectory images = TestPaths.CreateTemporaryDirectory();
        PngCodec.Encode(TestScene.Render(16, 12), images.File("in.png"));
        ChildProcess.Result upscale = ChildProcess.RunDotnet(
            Cli, ["upscale", images.File("in.png"), images.File("out.png"), "--model", "x2-c8-n2-l1"], environment);
        Assert.Equal(1, upscale.ExitCode);
        Assert.Contains(temp.File("x2-c8-n2-l1.safetensors"), upscale.StandardError, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", upscale.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(images.File("out.png")));
    }

    [Fact]
    public void A_named_pipe_or_a_device_as_input_is_refused_at_once()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // mkfifo and /dev/zero are the Linux cases the check exists for
        }

        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string fifo = temp.File("pipe.png");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        // A blocked open would hang the child; RunDotnet turns a hang into a failure.
        foreach (string input in new[] { fifo, "/dev/zero" })
        {
            ChildProcess.Result result = ChildProcess.RunDotnet(Cli, ["upscale", input, temp.File("out.png"), "--method", "nearest"], timeoutSeconds: 60);
            Assert.True(result.ExitCode == 1, result.Output);
            Assert.Contains(input, result.StandardError, StringComparison.Ordinal);
            Assert.Contains("not a regular", result.StandardError, StringComparison.Ordinal);
        }

        ChildProcess.Result model = ChildProcess.RunDotnet(Cli, ["upscale", temp.File("x.png"), temp.File("out.png"), "--model", fifo], timeoutSeconds: 60);
        Assert.True(model.ExitCode == 1, model.Output);
        Assert.Contains("named pipe", model.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Upscaling_4096_squared_to_8192_squared_bicubic_fits_in_a_1_GB_heap()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        WriteConstantPng(temp.File("big.png"), 4096, 4096);
        var oneGigabyteHeap = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" };

        ChildProcess.Result result = ChildProcess.RunDotnet(
            Cli, ["upscale", temp.File("big.png"), temp.File("out.png"), "--scale", "2", "--method", "bicubic"], oneGigabyteHeap, timeoutSeconds: 300);

        Assert.True(result.ExitCode == 0, result.Output);
        Image8 output = PngCodec.Decode(temp.File("out.png"));
        Assert.Equal((8192, 8192), (output.Width, output.Height));
        Assert.All(new[] { 0, output.Pixels.Length / 2, output.Pixels.Length - 1 }, i => Assert.Equal(77, output.Pixels[i]));
    }

    [Fact]
    public void Images_over_the_pixel_budget_are_refused_before_allocation()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        WriteConstantPng(temp.File("16k.png"), 16384, 16384); // 0.8 MB on disk, 805 MB decoded
        WriteConstantPng(temp.File("small.png"), 64, 32);

        (int exit, string error) = CliRunner.Run("upscale", temp.File("16k.png"), temp.File("o.png"), "--scale", "1", "--method", "nearest");
        Assert.Equal(1, exit);
        Assert.Contains("16384x16384", error, StringComparison.Ordinal);
        Assert.Contains("over the limit of 67,108,864 pixels", error, StringComparison.Ordinal);

        (exit, error) = CliRunner.Run("upscale", temp.File("small.png"), temp.File("o.png"), "--scale", "2", "--method", "nearest", "--max-pixels", "64x64");
        Assert.Equal(1, exit);
        Assert.Contains("128x64", error, StringComparison.Ordinal);
        Assert.Contains("--max-pixels", error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("o.png")));

        Assert.Equal(0, CliRunner.Run("upscale", temp.File("small.png"), temp.File("o.png"), "--scale", "2", "--method", "nearest", "--max-pixels", "8192").Exit);
        Assert.Equal(2, CliRunner.Run("upscale", temp.File("small.png"), temp.File("o.png"), "--max-pixels", "lots").Exit);
    }

    [Fact]
    public void Upscale_never_replaces_its_input_without_overwrite()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        PngCodec.Encode(TestScene.Render(20, 10), temp.File("a.png"));
        byte[] original = File.ReadAllBytes(temp.File("a.png"));

        (int exit, string error) = CliRunner.Run("upscale", temp.File("a.png"), temp.File("a.png"), "--method", "nearest");
        Assert.Equal(2, exit);
        Assert.Contains("--overwrite", error, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(temp.File("a.png")));

        // The same file under another spelling is still the input.
        string other = Path.Combine(temp.Path, ".", "a.png");
        Assert.Equal(2, CliRunner.Run("upscale", temp.File("a.png"), other, "--method", "nearest").Exit);
        Assert.Equal(original, File.ReadAllBytes(temp.File("a.png")));

        Assert.Equal(0, CliRunner.Run("upscale", temp.File("a.png"), temp.File("a.png"), "--method", "nearest", "--overwrite").Exit);
        Assert.Equal((40, 20), (PngCodec.Decode(temp.File("a.png")).Width, PngCodec.Decode(temp.File("a.png")).Height));
    }

    [Theory]
    [InlineData("out.jpg")]
    [InlineData("out.jpeg")]
    [InlineData("out")]
    [InlineData("out.bmp")]
    public void An_output_extension_other_than_png_is_a_usage_error(string name)
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        PngCodec.Encode(TestScene.Render(8, 8), temp.File("in.png"));

        (int exit, string error) = CliRunner.Run("upscale", temp.File("in.png"), temp.File(name), "--method", "nearest");

        Assert.Equal(2, exit);
        Assert.Contains(".png", error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File(name)));
    }

    [Fact]
    public void Import_refuses_to_write_over_its_param_or_bin()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        File.WriteAllText(temp.File("m.param"), "7767517\n");
        File.WriteAllBytes(temp.File("m.bin"), [1, 2, 3]);
        File.Copy(temp.File("m.param"), temp.File("m.safetensors"));

        Assert.Equal(2, CliRunner.Run("import", "--ncnn", temp.File("m.param"), temp.File("m.bin"), temp.File("m.param")).Exit);
        Assert.Equal(2, CliRunner.Run("import", "--ncnn", temp.File("m.param"), temp.File("m.bin"), temp.File("m.bin")).Exit);
        Assert.Equal("7767517\n", File.ReadAllText(temp.File("m.param")));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(temp.File("m.bin")));
    }

    [Fact]
    public void Output_errors_name_the_users_path_not_a_temporary_file()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        PngCodec.Encode(TestScene.Render(8, 8), temp.File("in.png"));
        string missingFolder = temp.File(Path.Combine("no-such-folder", "out.png"));

        (int exit, string error) = CliRunner.Run("upscale", temp.File("in.png"), missingFolder, "--method", "nearest");

        Assert.Equal(1, exit);
        Assert.Contains(missingFolder, error, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upscale", "IN", "")]
    [InlineData("upscale", "", "OUT")]
    [InlineData("upscale", "IN", "OUT", "--model", "")]
    [InlineData("eval", "--dataset", "", "--scale", "2")]
    public void Empty_arguments_are_usage_errors(params string[] template)
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        PngCodec.Encode(TestScene.Render(8, 8), temp.File("in.png"));
        string[] args = template.Select(a => a == "IN" ? temp.File("in.png") : a == "OUT" ? temp.File("out.png") : a).ToArray();

        (int exit, string error) = CliRunner.Run(args);

        Assert.True(exit == 2, $"exit {exit}: {error}");
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Upscale_help_lists_every_backend()
    {
        TextWriter original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, Program.Main(["upscale", "--help"]));
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Contains("cpu|vulkan|onnx", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A constant-colour RGB PNG streamed row by row, so a huge image costs the test almost no memory.</summary>
    private static void WriteConstantPng(string path, int width, int height)
    {
        byte[] row = new byte[(width * 3) + 1];
        Array.Fill(row, (byte)77, 1, width * 3);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        using var file = File.Create(path);
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;
        header[9] = 2;
        WriteChunk(file, "IHDR"u8, header);
        WriteChunk(file, "IDAT"u8, compressed.ToArray());
        WriteChunk(file, "IEND"u8, []);
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, body.Length);
        stream.Write(length);
        stream.Write(type);
        stream.Write(body);
        uint crc = PngCrc32.Append(PngCrc32.Compute(type), body);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, crc);
        stream.Write(length);
    }
}
