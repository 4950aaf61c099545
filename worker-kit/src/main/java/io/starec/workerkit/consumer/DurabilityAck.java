package io.starec.workerkit.consumer;

/**
 * Counts the outputs that still have to become durable before a batch of consumed records may be committed.
 * Each sink that buffers something from the batch calls {@link #retain()}, and {@link #release()} once its file
 * is finished; the owner calls {@link #seal()} after handing the batch to every sink. The callback runs exactly
 * once, when the ack is sealed and nothing is retained (at seal time if no sink kept anything).
 */
public final class DurabilityAck {

  private final Runnable onDurable;
  private int retained;
  private boolean sealed;
  private boolean fired;

  public DurabilityAck(Runnable onDurable) {
    this.onDurable = onDurable;
  }

  public void retain() {
    if (fired) {
      throw new IllegalStateException("ack already fired");
    }
    retained++;
  }

  public void release() {
    if (retained <= 0) {
      throw new IllegalStateException("release without retain");
    }
    retained--;
    fireIfDone();
  }

  public void seal() {
    sealed = true;
    fireIfDone();
  }

  public boolean fired() {
    return fired;
  }

  private void fireIfDone() {
    if (sealed && retained == 0 && !fired) {
      fired = true;
      onDurable.run();
    }
  }
}
