"""The thread tuner keeps the faster thread count and notices when that changes."""

from guichet.assistant.providers.thread_tuner import ThreadTuner


def run(tuner, cost_of, calls):
    used = []
    for _ in range(calls):
        threads = tuner.pick()
        used.append(threads)
        tuner.record(threads, cost_of(threads), size=100)
    return used


def test_starts_with_the_first_choice_and_keeps_it_while_it_is_faster():
    tuner = ThreadTuner(choices=(2, 1), explore_every=64, first_probe=4, probes=2)
    used = run(tuner, {2: 0.010, 1: 0.019}.get, 2000)
    assert used[0] == 2 and tuner.current == 2
    # probes start early, then space out to one pair in 64 calls
    assert 1 in used[:8]
    assert used[1000:].count(1) <= 2 * (1000 // 64 + 1)


def test_moves_to_one_thread_when_the_other_core_gets_busy_and_back_when_it_frees():
    tuner = ThreadTuner(choices=(2, 1), explore_every=16, first_probe=4, probes=2)
    run(tuner, {2: 0.010, 1: 0.019}.get, 100)
    run(tuner, {2: 0.080, 1: 0.029}.get, 60)  # another process takes a core
    assert tuner.current == 1
    run(tuner, {2: 0.010, 1: 0.019}.get, 60)
    assert tuner.current == 2


def test_small_differences_do_not_make_it_switch():
    tuner = ThreadTuner(choices=(2, 1), explore_every=5, first_probe=2, probes=3)
    run(tuner, {2: 0.010, 1: 0.0095}.get, 200)
    assert tuner.current == 2


def test_a_single_choice_never_probes():
    tuner = ThreadTuner(choices=(1,), explore_every=1, first_probe=1)
    assert set(run(tuner, lambda n: 0.01, 20)) == {1}


def test_costs_are_per_character():
    tuner = ThreadTuner(choices=(2, 1), first_probe=2, probes=1)
    # two threads on long texts, one thread on short ones: per character, two is cheaper
    for _ in range(2):
        tuner.record(tuner.pick(), 0.020, size=400)
    probed = tuner.pick()
    assert probed == 1
    tuner.record(probed, 0.010, size=50)
    assert tuner.current == 2
