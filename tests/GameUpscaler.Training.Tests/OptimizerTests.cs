using GameUpscaler.Training.Optimization;

namespace GameUpscaler.Training.Tests;

public sealed class OptimizerTests
{
    [Fact]
    public void AdamMinimisesAQuadratic()
    {
        var p = new Parameter("p", [5f, -3f, 0.5f]);
        var adam = new AdamOptimizer([p]);
        for (int step = 0; step < 2000; step++)
        {
            p.ZeroGradient();
            for (int i = 0; i < 3; i++)
            {
                p.Gradient[i] = 2 * (p.Value[i] - i); // d/dp (p − i)²
            }

            adam.Update(0.01);
        }

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(i, p.Value[i], 2);
        }

        Assert.Equal(2000, adam.Step);
    }

    [Fact]
    public void AdamFirstStepMovesEachValueByTheLearningRate()
    {
        // Bias correction makes the first step exactly lr·sign(g) (up to epsilon), whatever the gradient's size.
        var p = new Parameter("p", [1f, 1f]);
        p.Gradient[0] = 1000f;
        p.Gradient[1] = -1e-3f;
        new AdamOptimizer([p]).Update(0.1);
        Assert.Equal(0.9, p.Value[0], 5);
        Assert.Equal(1.1, p.Value[1], 4);
    }

    [Fact]
    public void EmaFollowsTheValuesWithItsDecay()
    {
        var p = new Parameter("p", [0f]);
        var ema = new ExponentialMovingAverage([p], decay: 0.5) { Updates = 100 }; // past the warm-up
        p.Value[0] = 1f;
        ema.Update();
        Assert.Equal(0.5f, ema.Shadows[0][0]);
        ema.Update();
        Assert.Equal(0.75f, ema.Shadows[0][0]);
        Assert.Equal(0.75f, ema.ToDictionary()["p"][0]);
    }

    [Fact]
    public void EmaDecayWarmsUp()
    {
        var ema = new ExponentialMovingAverage([new Parameter("p", [0f])], decay: 0.999);
        Assert.Equal(0.1, ema.CurrentDecay, 12);
        ema.Updates = 90;
        Assert.Equal(0.91, ema.CurrentDecay, 12);
        ema.Updates = 1_000_000;
        Assert.Equal(0.999, ema.CurrentDecay, 12);
    }
}
