/**
 * Slow thinking in the stream (paper 4.1.3), in the order it happens: core's
 * {@link io.starec.core.reflection.BehaviourAnalysis} finds the pending prediction an interaction contradicts;
 * {@link io.starec.streamapp.reflection.ReflectionTrigger} makes it a REFLECT task (ingest flow); the gateway
 * reflects; {@link io.starec.streamapp.reflection.ReflectionApplier} rewrites the memory with the result (result
 * flow); the next ranking made with the new description pays the reflection its indirect reward
 * ({@link io.starec.streamapp.reward.RewardRecords}).
 */
package io.starec.streamapp.reflection;
