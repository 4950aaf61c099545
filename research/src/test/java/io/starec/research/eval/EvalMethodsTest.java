package io.starec.research.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvalMethodsTest {

  @Test
  void baselinesAreBuiltIn() {
    for (String name : EvalMethods.BASELINES) {
      assertThat(EvalMethods.create(name, EvalOptions.defaults(), List.of()).name()).isEqualTo(name);
    }
    assertThat(EvalMethods.create("BPR_sample", EvalOptions.defaults(), List.of()).name()).isEqualTo("bpr");
  }

  @Test
  void liveMethodsWithoutTheRunnerFailClearly() {
    assertThatThrownBy(() -> EvalMethods.create("embedded", EvalOptions.defaults(), List.of()))
        .hasMessage("method embedded requires the live pipeline runner (issue 5)");
    assertThatThrownBy(() -> EvalMethods.create("triton", EvalOptions.defaults(), List.of()))
        .hasMessage("method triton needs --triton-url");
    assertThatThrownBy(() -> EvalMethods.create("sasrec", EvalOptions.defaults(), List.of()))
        .hasMessageContaining("unknown method 'sasrec'");
  }

  @Test
  void providersPlugInLiveMethods() {
    EvalMethod embedded = new BaselineMethod("embedded", (d, s) -> u -> u.candidates());
    EvalMethodProvider provider = (name, options) -> name.equals("embedded") ? Optional.of(embedded) : Optional.empty();
    assertThat(EvalMethods.create("embedded", EvalOptions.defaults(), List.of(provider))).isSameAs(embedded);
  }
}
