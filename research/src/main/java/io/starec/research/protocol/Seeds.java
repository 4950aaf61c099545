package io.starec.research.protocol;

import java.util.SplittableRandom;

/** Independent, reproducible random streams derived from a run seed and a key (a user id, a purpose). */
public final class Seeds {

  private Seeds() {}

  /** A 64-bit seed for (seed, key): FNV-1a of the key, combined and finalised with SplitMix64. */
  public static long mix(long seed, String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    return splitMix(splitMix(seed) ^ h);
  }

  /** The random stream of one user under one seed (negatives, candidate order). */
  public static SplittableRandom forUser(long seed, String userId) {
    return new SplittableRandom(mix(seed, "user:" + userId));
  }

  public static SplittableRandom forPurpose(long seed, String purpose) {
    return new SplittableRandom(mix(seed, "purpose:" + purpose));
  }

  static long splitMix(long z) {
    z += 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
