package io.starec.research.baseline;

import io.starec.research.protocol.EvalData;
import io.starec.research.protocol.EvalUser;
import io.starec.research.protocol.Seeds;
import io.starec.research.protocol.TrainingData;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * BPR-MF (Rendle et al., 2009): user and item factors trained by SGD on the BPR loss
 * -ln sigmoid(u·i - u·j) with L2 regularisation, one (user, positive, sampled negative) triple per
 * step, as many steps per epoch as training interactions. The negative is drawn uniformly from the
 * items the user has no training interaction with. Seeded: same data, config and seed give the
 * same factors. Primitive float arrays, single thread; ML-1M's ~490k interactions take about a
 * second per epoch.
 */
public final class BprMf implements RankingMethod {

  /**
   * @param factors latent dimension (64, as in the issue and RecBole's default)
   * @param learningRate SGD step size
   * @param regularization L2 weight on the factors touched by a step
   * @param epochs passes over the training interactions
   * @param initStd standard deviation of the Gaussian initialisation
   */
  public record Config(int factors, double learningRate, double regularization, int epochs, double initStd) {

    public Config {
      if (factors < 1 || epochs < 0 || learningRate <= 0 || regularization < 0 || initStd <= 0) {
        throw new IllegalArgumentException("invalid BPR config " + factors + "/" + learningRate
            + "/" + regularization + "/" + epochs + "/" + initStd);
      }
    }

    /**
     * 64 factors, lr 0.05, L2 0.01, 40 epochs, init std 0.1: chosen on ML-100K (NDCG@10 plateaus
     * around 30-80 epochs for lr 0.02-0.1, L2 0.005-0.03), not on ML-1M.
     */
    public static Config defaults() {
      return new Config(64, 0.05, 0.01, 40, 0.1);
    }

    public Config withEpochs(int v) {
      return new Config(factors, learningRate, regularization, v, initStd);
    }

    public Config withFactors(int v) {
      return new Config(v, learningRate, regularization, epochs, initStd);
    }

    public Config withLearningRate(double v) {
      return new Config(factors, v, regularization, epochs, initStd);
    }

    public Config withRegularization(double v) {
      return new Config(factors, learningRate, v, epochs, initStd);
    }
  }

  private final EvalData data;
  private final int factors;
  private final float[] users;
  private final float[] items;
  private final double[] epochLoss;

  private BprMf(EvalData data, int factors, float[] users, float[] items, double[] epochLoss) {
    this.data = data;
    this.factors = factors;
    this.users = users;
    this.items = items;
    this.epochLoss = epochLoss;
  }

  /** Trains on {@code training} (indexed like {@code data}). */
  public static BprMf train(EvalData data, TrainingData training, Config config, long seed) {
    int d = config.factors();
    int numUsers = training.numUsers();
    int numItems = training.numItems();
    SplittableRandom random = new SplittableRandom(Seeds.mix(seed, "bpr-mf"));
    float[] u = gaussian(numUsers * d, config.initStd(), random);
    float[] v = gaussian(numItems * d, config.initStd(), random);

    // positives as (user, item) pairs; per-user sorted distinct items for the negative check
    int total = (int) training.interactions();
    int[] pu = new int[total];
    int[] pi = new int[total];
    int[][] known = new int[numUsers][];
    int k = 0;
    for (int user = 0; user < numUsers; user++) {
      int[] its = training.items(user);
      for (int item : its) {
        pu[k] = user;
        pi[k++] = item;
      }
      known[user] = Arrays.stream(its).distinct().sorted().toArray();
    }

    float lr = (float) config.learningRate();
    float reg = (float) config.regularization();
    double[] losses = new double[config.epochs()];
    for (int epoch = 0; epoch < config.epochs() && total > 0; epoch++) {
      double loss = 0;
      for (int step = 0; step < total; step++) {
        int s = random.nextInt(total);
        int user = pu[s];
        int pos = pi[s];
        if (known[user].length >= numItems) {
          continue; // no negative exists
        }
        int neg;
        do {
          neg = random.nextInt(numItems);
        } while (Arrays.binarySearch(known[user], neg) >= 0);
        int uo = user * d;
        int io = pos * d;
        int jo = neg * d;
        float x = 0;
        for (int f = 0; f < d; f++) {
          x += u[uo + f] * (v[io + f] - v[jo + f]);
        }
        // d/dx of ln sigmoid(x) = sigmoid(-x)
        float g = (float) (1.0 / (1.0 + Math.exp(x)));
        loss += x > 0 ? Math.log1p(Math.exp(-x)) : -x + Math.log1p(Math.exp(x));
        for (int f = 0; f < d; f++) {
          float uf = u[uo + f];
          float vi = v[io + f];
          float vj = v[jo + f];
          u[uo + f] = uf + lr * (g * (vi - vj) - reg * uf);
          v[io + f] = vi + lr * (g * uf - reg * vi);
          v[jo + f] = vj + lr * (-g * uf - reg * vj);
        }
      }
      losses[epoch] = loss / total;
    }
    return new BprMf(data, d, u, v, losses);
  }

  /** A trained model as a ranking method ({@link EvalData} indexes map ids to factors). */
  public static BprMf train(EvalData data, io.starec.research.protocol.TrainingScope scope, Config config, long seed) {
    return train(data, data.training(scope), config, seed);
  }

  /** Mean BPR loss per epoch (without the regulariser), for convergence checks. */
  public double[] epochLoss() {
    return epochLoss.clone();
  }

  public double score(int user, int item) {
    double s = 0;
    int uo = user * factors;
    int io = item * factors;
    for (int f = 0; f < factors; f++) {
      s += users[uo + f] * items[io + f];
    }
    return s;
  }

  @Override
  public List<String> rank(EvalUser user) {
    int u = data.userIndex(user.userId());
    if (u < 0) {
      throw new IllegalArgumentException("user " + user.userId() + " is not in the training data");
    }
    List<String> candidates = user.candidates();
    double[] scores = new double[candidates.size()];
    for (int c = 0; c < scores.length; c++) {
      int item = data.itemIndex(candidates.get(c));
      scores[c] = item < 0 ? Double.NEGATIVE_INFINITY : score(u, item);
    }
    return ScoreRanking.byScore(candidates, scores);
  }

  private static float[] gaussian(int n, double std, SplittableRandom random) {
    float[] out = new float[n];
    for (int i = 0; i < n; i += 2) {
      // Box-Muller: two normals per pair of uniforms
      double r = Math.sqrt(-2.0 * Math.log(1.0 - random.nextDouble()));
      double theta = 2.0 * Math.PI * random.nextDouble();
      out[i] = (float) (std * r * Math.cos(theta));
      if (i + 1 < n) {
        out[i + 1] = (float) (std * r * Math.sin(theta));
      }
    }
    return out;
  }
}
