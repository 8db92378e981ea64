import numpy as np

from guichet.search.hybrid import fusion

ALL = np.array([True, True, True])


def test_scale_by_max_puts_the_best_lexical_score_at_one():
    assert fusion.scale_by_max(np.array([2.0, 1.0, 0.0]), ALL).tolist() == [1.0, 0.5, 0.0]


def test_scale_by_max_of_no_match_is_all_zero():
    assert fusion.scale_by_max(np.zeros(3), ALL).tolist() == [0.0, 0.0, 0.0]


def test_min_max_spreads_a_narrow_band_of_cosines_over_zero_to_one():
    scaled = fusion.min_max(np.array([0.80, 0.85, 0.90]), ALL)
    assert np.allclose(scaled, [0.0, 0.5, 1.0])


def test_min_max_ignores_rows_outside_the_mask_and_without_vectors():
    scores = np.array([0.9, 0.1, -np.inf])
    scaled = fusion.min_max(scores, np.array([True, False, True]))
    assert scaled.tolist() == [1.0, 0.0, 0.0]


def test_convex_combination_leans_towards_dense():
    lexical = np.array([1.0, 0.0])  # row 0 wins lexically
    dense = np.array([0.80, 0.90])  # row 1 wins densely
    fused = fusion.convex(lexical, dense, np.array([True, True]), dense_weight=0.8)
    assert fused[1] > fused[0]
    assert np.allclose(fused, [0.2, 0.8])


def test_convex_puts_masked_rows_at_minus_infinity():
    fused = fusion.convex(np.ones(3), np.ones(3), np.array([True, False, True]))
    assert np.isneginf(fused[1]) and np.isfinite(fused[[0, 2]]).all()


def test_convex_with_one_side_missing_uses_the_other_alone():
    fused = fusion.convex(np.array([3.0, 1.5]), None, np.array([True, True]))
    assert fused.tolist() == [1.0, 0.5]


def test_a_strong_lexical_match_beats_a_slightly_better_cosine():
    # Given row 0 matches every query word and is nearly as close as row 1 densely
    lexical = np.array([5.0, 0.0, 0.0])
    dense = np.array([0.88, 0.89, 0.70])
    fused = fusion.convex(lexical, dense, ALL)
    assert fusion.top_k(fused, 1).tolist() == [0]


def test_top_k_is_best_first_with_ties_broken_by_row():
    scores = np.array([0.5, 0.9, 0.5, -np.inf, 0.7])
    assert fusion.top_k(scores, 3).tolist() == [1, 4, 0]


def test_top_k_never_returns_masked_rows():
    assert fusion.top_k(np.array([-np.inf, -np.inf]), 5).tolist() == []


def test_reciprocal_rank_rewards_agreement():
    fused = fusion.reciprocal_rank([np.array([0, 1]), np.array([1, 2])], 3)
    assert int(np.argmax(fused)) == 1


def test_linear_reads_cosine_as_e5_logits_plus_weighted_bm25():
    fused = fusion.linear(np.array([5.0, 0.0]), np.array([0.80, 0.81]), np.array([True, True]))
    assert np.allclose(fused, [80.0 + 0.2 * 5.0, 81.0])


def test_linear_lets_a_strong_lexical_match_beat_a_slightly_better_cosine():
    # Given row 0 matches every query word and is nearly as close as row 1 densely
    fused = fusion.linear(np.array([10.0, 0.0, 0.0]), np.array([0.885, 0.89, 0.70]), ALL)
    assert fusion.top_k(fused, 1).tolist() == [0]


def test_linear_score_of_an_entry_does_not_depend_on_the_others():
    # Given the same entry scored among few and among many (a poor distractor added)
    few = fusion.linear(np.array([2.0, 1.0]), np.array([0.85, 0.80]), np.array([True, True]))
    many = fusion.linear(
        np.array([2.0, 1.0, 0.0]), np.array([0.85, 0.80, 0.10]), np.array([True, True, True])
    )
    # Then its fused score is unchanged (min-max scaling would have moved it)
    assert np.allclose(few, many[:2])


def test_linear_puts_masked_and_unscored_rows_at_minus_infinity():
    fused = fusion.linear(np.array([1.0, 1.0, 0.0]), None, np.array([True, False, True]))
    assert np.isfinite(fused[0]) and np.isneginf(fused[1]) and np.isneginf(fused[2])


def test_linear_ranks_a_row_without_vector_by_its_words_after_the_others():
    fused = fusion.linear(np.array([3.0, 0.0]), np.array([-np.inf, 0.5]), np.array([True, True]))
    assert fusion.top_k(fused, 2).tolist() == [1, 0]
