package io.starec.research.protocol;

import java.util.Comparator;

/** Deterministic id order: numeric ids by value, numeric before other ids, others as text. */
public final class IdOrder {

  public static final Comparator<String> COMPARATOR = (a, b) -> {
    boolean na = isNumber(a);
    boolean nb = isNumber(b);
    if (na && nb) {
      String sa = stripZeros(a);
      String sb = stripZeros(b);
      int byLength = Integer.compare(sa.length(), sb.length());
      return byLength != 0 ? byLength : sa.compareTo(sb);
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  };

  private IdOrder() {}

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }
}
