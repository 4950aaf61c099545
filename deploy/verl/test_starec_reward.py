"""Checks starec_reward.py against the shared vectors (the Java side reads the same file).

Run: python3 deploy/verl/test_starec_reward.py   (standard library only)
"""

import json
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ next to the reward file

import starec_reward  # noqa: E402


def load_vectors():
    with open(os.path.join(HERE, "reward_test_vectors.json"), encoding="utf-8") as f:
        return json.load(f)


class RankRewardTest(unittest.TestCase):
    def test_reward_boundaries(self):
        # Given the paper's bands, When each boundary rank is scored, Then the band's value comes back
        expected = {1: 1.0, 2: 0.5, 5: 0.5, 6: 0.0, 10: 0.0, 11: -0.5, 20: -0.5, 21: -1.0, 0: -1.0, None: -1.0}
        for rank, reward in expected.items():
            self.assertEqual(starec_reward.rank_reward(rank), reward, rank)


class SharedVectorsTest(unittest.TestCase):
    def test_vectors_cover_every_band_boundary(self):
        ranks = {v["expected_rank"] for v in load_vectors()}
        for rank in (1, 2, 5, 6, 10, 11, 20, 21, None):
            self.assertIn(rank, ranks)

    def test_compute_score_matches_vectors(self):
        for v in load_vectors():
            with self.subTest(v["name"]):
                # Given a completion and its ground truth, When VeRL calls compute_score
                score = starec_reward.compute_score(v["data_source"], v["solution_str"], v["ground_truth"], {"index": 0})
                # Then the reward is the expected float
                self.assertIsInstance(score, float)
                self.assertEqual(score, v["expected_reward"])

    def test_rank_and_permutation_match_vectors(self):
        for v in load_vectors():
            with self.subTest(v["name"]):
                details = starec_reward.score_details(v["solution_str"], v["ground_truth"])
                self.assertEqual(details["rank"], v["expected_rank"])
                self.assertEqual(details["permutation"], v["expected_permutation"])

    def test_permutation_is_complete_for_valid_ground_truth(self):
        for v in load_vectors():
            gt = v["ground_truth"]
            try:
                candidates = [c["itemId"] for c in json.loads(gt)["candidates"]]
            except ValueError:
                continue
            with self.subTest(v["name"]):
                self.assertCountEqual(v["expected_permutation"], candidates)


class RobustnessTest(unittest.TestCase):
    GT = json.dumps({"positive": "a", "candidates": [{"itemId": "a", "title": "Alpha (1990)"},
                                                      {"itemId": "b", "title": "Beta (1991)"}]})

    def test_never_raises_on_odd_inputs(self):
        # Given inputs a model or a broken export could produce, When scored, Then -1.0 or a valid reward
        odd = [None, 42, "\x00\x01", "1.", "1. ", "<think>", "</think>", "1. " + "x" * 10000]
        for solution in odd:
            with self.subTest(repr(solution)[:30]):
                self.assertEqual(starec_reward.compute_score("starec/test", solution, self.GT), -1.0)
        for gt in [None, "", "[]", "{}", '{"positive": 1}', '{"candidates": "x"}', b"{}"]:
            with self.subTest(repr(gt)):
                self.assertEqual(starec_reward.compute_score("starec/test", "1. Alpha (1990)", gt), -1.0)

    def test_ground_truth_may_arrive_as_a_dict(self):
        self.assertEqual(starec_reward.compute_score("starec/test", "1. Alpha - yes", json.loads(self.GT)), 1.0)

    def test_numeric_item_ids_compare_as_strings(self):
        gt = {"positive": 7, "candidates": [{"itemId": 3, "title": "Gamma"}, {"itemId": 7, "title": "Delta"}]}
        self.assertEqual(starec_reward.compute_score("starec/test", "1. Gamma\n2. Delta", gt), 0.5)

    def test_degenerate_output_is_bounded(self):
        # Given thousands of numbered junk lines before the positive, When scored, Then it stops reading
        junk = "\n".join(f"{i}. invented title number {i}" for i in range(1, 5000))
        self.assertEqual(starec_reward.compute_score("starec/test", junk + "\n1. Alpha", self.GT), -1.0)


class GrpoConfigTest(unittest.TestCase):
    """The launch script and the Hydra file carry the paper's settings and point at this reward."""

    SETTINGS = {
        "algorithm.adv_estimator": "grpo",
        "actor_rollout_ref.rollout.n": "8",
        "data.train_batch_size": "64",
        "actor_rollout_ref.actor.optim.lr": "1e-6",
        "actor_rollout_ref.actor.use_kl_loss": "True",
        "actor_rollout_ref.actor.kl_loss_coef": "0.001",
        "data.max_prompt_length": "4096",
        "data.max_response_length": "16384",
    }

    def test_run_script_has_paper_settings(self):
        with open(os.path.join(HERE, "run_grpo.sh"), encoding="utf-8") as f:
            script = f.read()
        for key, value in self.SETTINGS.items():
            self.assertRegex(script, re.escape(key) + r"=" + re.escape(value) + r"\b", key)
        self.assertIn("starec_reward.py", script)
        self.assertIn("compute_score", script)

    def test_hydra_file_has_paper_settings(self):
        with open(os.path.join(HERE, "grpo_starec.yaml"), encoding="utf-8") as f:
            text = f.read()
        # stdlib has no YAML parser: flatten the simple "key: value" nesting of this file by indentation
        flat, stack = {}, []
        for raw in text.splitlines():
            line = raw.split(" #", 1)[0].rstrip()
            if not line.strip() or line.lstrip().startswith(("#", "-")):
                continue
            indent = len(line) - len(line.lstrip())
            key, _, value = line.strip().partition(":")
            while stack and stack[-1][0] >= indent:
                stack.pop()
            path = ".".join([k for _, k in stack] + [key])
            if value.strip():
                flat[path] = value.strip().strip("'\"")
            else:
                stack.append((indent, key))
        for key, value in self.SETTINGS.items():
            self.assertIn(key, flat)
            self.assertEqual(float(flat[key]) if value[0].isdigit() else flat[key].lower(),
                             float(value) if value[0].isdigit() else value.lower(), key)
        self.assertTrue(flat["custom_reward_function.path"].endswith("starec_reward.py"))
        self.assertEqual(flat["custom_reward_function.name"], "compute_score")


if __name__ == "__main__":
    unittest.main(verbosity=1)
