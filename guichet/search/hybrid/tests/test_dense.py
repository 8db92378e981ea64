from guichet.search.hybrid import dense


def words_of(count: int, start: int = 0) -> str:
    return " ".join(f"w{i}" for i in range(start, start + count))


def test_short_body_is_one_passage_with_the_title_in_front():
    assert dense.passages("Titre", "un deux trois") == ["Titre\nun deux trois"]


def test_empty_body_is_the_title_alone_and_nothing_at_all_is_no_passage():
    assert dense.passages("Titre", "") == ["Titre"]
    assert dense.passages("", "") == []


def test_long_body_windows_overlap_by_half_and_the_last_ends_on_the_last_word():
    size, stride = dense.CHUNK_WORDS, dense.STRIDE_WORDS
    body = words_of(2 * size + 40)

    found = dense.passages("T", body)

    starts = [int(text.split()[1][1:]) for text in found]
    assert starts == [0, stride, 2 * stride, size + 40]
    assert all(len(text.split()) == size + 1 for text in found)  # title + a full window
    assert found[-1].endswith(f"w{2 * size + 39}")


def test_passages_are_capped():
    body = words_of(dense.STRIDE_WORDS * (dense.MAX_CHUNKS + 10))
    assert len(dense.passages("T", body)) == dense.MAX_CHUNKS
