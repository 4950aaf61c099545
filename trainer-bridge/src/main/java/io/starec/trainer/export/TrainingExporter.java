package io.starec.trainer.export;

import io.starec.trainer.Counters;
import io.starec.trainer.group.GroupMember;
import io.starec.trainer.group.GrpoGroup;
import io.starec.trainer.sft.SftExport;
import io.starec.workerkit.consumer.DurabilityAck;
import java.io.IOException;
import java.util.List;

/**
 * Routes closed GRPO groups to the outputs: trainable groups become VeRL rows; every member is screened into the
 * SFT export (a zero-variance group of perfect answers is useless for GRPO but fine for SFT). The group's ack is
 * retained by each file that receives a row of it.
 */
public final class TrainingExporter {

  public static final String VERL = "verl";

  private final ExportStore store;
  private final RollingExport<VerlRow> verl;
  private final SftExport sft;
  private final Counters counters;
  private final String split;

  /** @param sft null to disable the SFT export */
  public TrainingExporter(ExportStore store, FileFormat verlFormat, long rollBytes, long rollMs, String split,
                          SftExport sft, Counters counters) throws IOException {
    this.store = store;
    this.verl = store.stream(VERL, VerlRow.class, verlFormat, VERL, rollBytes, rollMs, VerlRows::estimateBytes);
    this.sft = sft;
    this.counters = counters;
    this.split = split;
  }

  public ExportStore store() {
    return store;
  }

  /** Counts the group and buffers its rows; the caller seals the ack afterwards. */
  public void accept(GrpoGroup group, DurabilityAck ack, long nowMs) throws IOException {
    counters.inc(group.partial() ? Counters.GROUPS_PARTIAL : Counters.GROUPS_COMPLETE);
    switch (group.status()) {
      case TOO_SMALL -> counters.inc(Counters.GROUPS_TOO_SMALL);
      case ZERO_VARIANCE -> counters.inc(Counters.GROUPS_ZERO_VARIANCE);
      case OK -> {
        if (!VerlRows.samePrompt(group)) {
          counters.inc(Counters.GROUPS_PROMPT_MISMATCH);
        }
        ParsedGroundTruth.parse(group.members().get(0).record().getGroundTruth())
            .filter(gt -> gt.candidates().stream().allMatch(c -> c.title().isBlank()))
            .ifPresent(gt -> counters.inc(Counters.GROUND_TRUTH_WITHOUT_TITLES));
        verl.append(VerlRows.of(group, store.nextIndex(), split), ack, nowMs);
        counters.inc(Counters.GROUPS_EXPORTED);
      }
      default -> throw new IllegalStateException("unknown status " + group.status());
    }
    if (sft != null) {
      List<GroupMember> members = group.members();
      for (GroupMember m : members) {
        var verdict = sft.accept(m.record(), ack, nowMs);
        if (!verdict.reasons().contains(io.starec.trainer.sft.RejectReason.TASK_EXCLUDED)) {
          counters.inc(verdict.accepted() ? Counters.SFT_ACCEPTED : Counters.SFT_REJECTED);
        }
      }
    }
  }

  public List<RollingExport.Finished> maybeRoll(long nowMs) throws IOException {
    List<RollingExport.Finished> done = store.maybeRoll(nowMs);
    counters.add(Counters.FILES_FINISHED, done.size());
    return done;
  }

  public List<RollingExport.Finished> rollAll(long nowMs) throws IOException {
    List<RollingExport.Finished> done = store.rollAll(nowMs);
    counters.add(Counters.FILES_FINISHED, done.size());
    return done;
  }
}
