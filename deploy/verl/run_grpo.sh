#!/usr/bin/env bash
# GRPO on the STARec training feed with VeRL, with the paper's settings (section 5.1):
# G = 8 rollouts, batch 64, actor lr 1e-6, KL loss 1e-3, prompts up to 4096 and responses up to
# 16384 tokens (a chain of thought plus a 20-item ranking needs the room: clipped answers score -1).
#
# Usage: TRAIN_FILES=/data/starec/train.parquet VAL_FILES=/data/starec/val.parquet \
#        MODEL=Qwen/Qwen2.5-7B-Instruct deploy/verl/run_grpo.sh [extra Hydra overrides...]
# Files are the trainer-bridge's VeRL export (.parquet, or JSON Lines named *.json).
# Needs a machine with VeRL, vLLM and GPUs; nothing here runs in this project's CI.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TRAIN_FILES="${TRAIN_FILES:?set TRAIN_FILES to the exported train file}"
VAL_FILES="${VAL_FILES:-$TRAIN_FILES}"
MODEL="${MODEL:-Qwen/Qwen2.5-7B-Instruct}"   # or the LLaMA-Factory SFT checkpoint directory
N_GPUS="${N_GPUS:-8}"
NNODES="${NNODES:-1}"
ROLLOUT_TP="${ROLLOUT_TP:-2}"
# Older VeRL releases read custom_reward_function.*; recent main reads reward.custom_reward_function.*
REWARD_KEY="${REWARD_KEY:-custom_reward_function}"

exec python3 -m verl.trainer.main_ppo \
  algorithm.adv_estimator=grpo \
  algorithm.use_kl_in_reward=False \
  data.train_files="$TRAIN_FILES" \
  data.val_files="$VAL_FILES" \
  data.prompt_key=prompt \
  data.reward_fn_key=data_source \
  data.train_batch_size=64 \
  data.max_prompt_length=4096 \
  data.max_response_length=16384 \
  data.filter_overlong_prompts=True \
  data.truncation=error \
  actor_rollout_ref.model.path="$MODEL" \
  actor_rollout_ref.model.use_remove_padding=True \
  actor_rollout_ref.model.enable_gradient_checkpointing=True \
  actor_rollout_ref.actor.optim.lr=1e-6 \
  actor_rollout_ref.actor.ppo_mini_batch_size=64 \
  actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu=1 \
  actor_rollout_ref.actor.use_dynamic_bsz=True \
  actor_rollout_ref.actor.ppo_max_token_len_per_gpu=24576 \
  actor_rollout_ref.actor.use_kl_loss=True \
  actor_rollout_ref.actor.kl_loss_coef=0.001 \
  actor_rollout_ref.actor.kl_loss_type=low_var_kl \
  actor_rollout_ref.actor.entropy_coeff=0 \
  actor_rollout_ref.actor.fsdp_config.param_offload=False \
  actor_rollout_ref.actor.fsdp_config.optimizer_offload=False \
  actor_rollout_ref.rollout.name=vllm \
  actor_rollout_ref.rollout.n=8 \
  actor_rollout_ref.rollout.tensor_model_parallel_size="$ROLLOUT_TP" \
  actor_rollout_ref.rollout.gpu_memory_utilization=0.6 \
  actor_rollout_ref.rollout.log_prob_micro_batch_size_per_gpu=1 \
  actor_rollout_ref.ref.log_prob_micro_batch_size_per_gpu=1 \
  actor_rollout_ref.ref.fsdp_config.param_offload=True \
  "$REWARD_KEY.path=$HERE/starec_reward.py" \
  "$REWARD_KEY.name=compute_score" \
  trainer.critic_warmup=0 \
  trainer.logger='[console]' \
  trainer.project_name=starec \
  trainer.experiment_name="grpo-$(basename "$MODEL")" \
  trainer.n_gpus_per_node="$N_GPUS" \
  trainer.nnodes="$NNODES" \
  trainer.save_freq=50 \
  trainer.test_freq=10 \
  trainer.total_epochs=1 \
  "$@"
