namespace GameUpscaler.Training.Layers;

/// <summary>The training losses, each returning its value and d loss / d prediction in one pass.</summary>
public static class Losses
{
    /// <summary>Mean absolute error over every element; the gradient is sign(p − t) / n (0 where they are equal).</summary>
    public static (double Loss, Tensor Gradient) L1(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        prediction.CheckSameShape(target, nameof(target));
        var gradient = prediction.ZerosLike();
        float[] p = prediction.Data;
        float[] t = target.Data;
        float[] g = gradient.Data;
        float unit = 1f / p.Length;
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            float d = p[i] - t[i];
            sum += Math.Abs(d);
            g[i] = d > 0f ? unit : d < 0f ? -unit : 0f;
        }

        return (sum / p.Length, gradient);
    }

    /// <summary>Mean squared error over every element (the diffusion loss on the predicted noise); the gradient is
    /// 2(p − t) / n.</summary>
    public static (double Loss, Tensor Gradient) Mse(Tensor prediction, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        prediction.CheckSameShape(target, nameof(target));
        var gradient = prediction.ZerosLike();
        float[] p = prediction.Data;
        float[] t = target.Data;
        float[] g = gradient.Data;
        float unit = 2f / p.Length;
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            float d = p[i] - t[i];
            sum += (double)d * d;
            g[i] = unit * d;
        }

        return (sum / p.Length, gradient);
    }

    /// <summary>
    /// Binary cross-entropy on logits against a constant label (1 = real, 0 = fake), averaged over elements:
    /// softplus(z) − label·z, computed stably; the gradient is (σ(z) − label) / n. With label 1 on generated images
    /// this is the non-saturating generator loss.
    /// </summary>
    public static (double Loss, Tensor Gradient) BceWithLogits(Tensor logits, float label)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (label is < 0f or > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(label), label, "Label must be in [0, 1].");
        }

        var gradient = logits.ZerosLike();
        float[] z = logits.Data;
        float[] g = gradient.Data;
        double sum = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double v = z[i];
            double softplus = Math.Max(v, 0) + Math.Log(1 + Math.Exp(-Math.Abs(v)));
            sum += softplus - (label * v);
            double sigmoid = 1 / (1 + Math.Exp(-v));
            g[i] = (float)((sigmoid - label) / z.Length);
        }

        return (sum / z.Length, gradient);
    }
}
