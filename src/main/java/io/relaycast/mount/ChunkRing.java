package io.relaycast.mount;

import java.util.Arrays;

/**
 * A growable ring of chunks indexed by sequence number. Confined to one thread; no locking.
 */
final class ChunkRing {

    private Chunk[] items = new Chunk[64];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Chunk first() {
        return size == 0 ? null : items[head];
    }

    Chunk last() {
        return size == 0 ? null : items[(head + size - 1) & (items.length - 1)];
    }

    /** The chunk {@code index} places after the oldest one. */
    Chunk get(int index) {
        return items[(head + index) & (items.length - 1)];
    }

    void addLast(Chunk chunk) {
        if (size == items.length) {
            grow();
        }
        items[(head + size) & (items.length - 1)] = chunk;
        size++;
    }

    Chunk removeFirst() {
        Chunk chunk = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return chunk;
    }

    private void grow() {
        Chunk[] bigger = new Chunk[items.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        Arrays.fill(items, null);
        items = bigger;
        head = 0;
    }
}
