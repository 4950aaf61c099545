package io.starec.trainer.group;

import io.starec.avro.RewardRecord;
import org.apache.kafka.common.TopicPartition;

/** A reward record with the topic position it was read from (needed to commit behind durable output). */
public record GroupMember(RewardRecord record, TopicPartition partition, long offset) {}
