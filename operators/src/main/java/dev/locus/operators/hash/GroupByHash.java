package dev.locus.operators.hash;

import static java.util.Objects.requireNonNull;

import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import dev.locus.core.type.DataType;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * Assigns dense group ids {@code 0, 1, 2, ...} to the distinct keys of the rows pushed through it,
 * in order of first appearance. NULL key values are equal to each other (one group). Keys are kept
 * on the heap in primitive arrays, so input batches can be released after each call.
 *
 * <p>Two layouts: one BIGINT-like key (INT, BIGINT, DATE, TIMESTAMP) is looked up by value in an
 * open-addressing table of {@code long}s; any other key list hashes its columns with {@link
 * KeyHashing} and probes an open-addressing table of group ids, comparing the full 64-bit hash
 * before the keys. When such keys are short (BOOLEAN, INT, DATE, VARCHAR of at most 7 bytes, at
 * most 64 bits together: see {@link KeyPacking}), rows are instead looked up by their packed keys
 * in a table of {@code long}s, and only a key's first row takes the general path.
 */
public abstract class GroupByHash {
  /** At most this fraction of a table's slots is used before it doubles. */
  private static final double LOAD_FACTOR = 0.5;

  /** Spreads packed keys over a table: the high bits of the product pick the slot. */
  private static final long PACKED_MULTIPLIER = 0x9E3779B97F4A7C15L;

  GroupByHash() {}

  /** A hash for keys of these types (empty: every row is group 0). */
  public static GroupByHash create(List<DataType> keyTypes) {
    requireNonNull(keyTypes, "keyTypes is null");
    if (keyTypes.isEmpty()) {
      return new NoKeys();
    }
    if (keyTypes.size() == 1) {
      DataType.Kind kind = keyTypes.get(0).kind();
      if (kind == DataType.Kind.INT || kind == DataType.Kind.DATE) {
        return new SingleLong(4);
      }
      if (kind == DataType.Kind.BIGINT || kind == DataType.Kind.TIMESTAMP) {
        return new SingleLong(8);
      }
    }
    return new MultiColumn(keyTypes);
  }

  /**
   * Writes the group id of rows {@code [0, rowCount)} of the key vectors into {@code groupIds},
   * adding a group for each new key.
   */
  public abstract void groupIds(FieldVector[] keys, int rowCount, int[] groupIds);

  /** How many groups there are. */
  public abstract int groupCount();

  /**
   * Writes the keys of groups {@code [from, from + count)} to rows {@code [0, count)} of allocated
   * vectors (one per key, room for {@code count} rows); the caller sets the value counts.
   */
  public abstract void writeKeys(int from, int count, FieldVector[] targets);

  static int tableSize(int groups) {
    int size = Integer.highestOneBit(Math.max(16, (int) Math.ceil(groups / LOAD_FACTOR)) - 1) << 1;
    if (size <= 0) {
      throw new LocusException(
          ErrorCode.OUT_OF_MEMORY, "Too many groups for one hash table: " + groups);
    }
    return size;
  }

  static int maxFill(int tableSize) {
    return (int) (tableSize * LOAD_FACTOR);
  }

  /** No keys: one group, made by the first row. */
  private static final class NoKeys extends GroupByHash {
    private int groups;

    @Override
    public void groupIds(FieldVector[] keys, int rowCount, int[] groupIds) {
      Arrays.fill(groupIds, 0, rowCount, 0);
      if (rowCount > 0) {
        groups = 1;
      }
    }

    @Override
    public int groupCount() {
      return groups;
    }

    @Override
    public void writeKeys(int from, int count, FieldVector[] targets) {}
  }

  /** One INT, BIGINT, DATE or TIMESTAMP key, looked up by value. */
  private static final class SingleLong extends GroupByHash {
    private final int width;
    private long[] slotKeys;
    private int[] slotGroups;
    private int mask;
    private int maxFill;
    private long[] groupKeys = new long[16];
    private int groups;
    private int nullGroup = -1;

    SingleLong(int width) {
      this.width = width;
      allocateTable(tableSize(16));
    }

    private void allocateTable(int size) {
      slotKeys = new long[size];
      slotGroups = new int[size];
      Arrays.fill(slotGroups, -1);
      mask = size - 1;
      maxFill = maxFill(size);
    }

    // hot path
    @Override
    public void groupIds(FieldVector[] keys, int rowCount, int[] groupIds) {
      if (rowCount == 0) {
        return;
      }
      FieldVector vector = keys[0];
      KeyHashing.checkRowCount(vector, rowCount);
      long data = vector.getDataBuffer().memoryAddress();
      boolean hasNulls = vector.getNullCount() > 0;
      long validity = vector.getValidityBuffer().memoryAddress();
      if (width == 4) {
        for (int row = 0; row < rowCount; row++) {
          if (hasNulls && !KeyHashing.isSet(validity, row)) {
            groupIds[row] = nullGroup();
          } else {
            groupIds[row] = groupOf(MemoryUtil.getInt(data + (long) row * 4));
          }
        }
      } else {
        for (int row = 0; row < rowCount; row++) {
          if (hasNulls && !KeyHashing.isSet(validity, row)) {
            groupIds[row] = nullGroup();
          } else {
            groupIds[row] = groupOf(MemoryUtil.getLong(data + (long) row * 8));
          }
        }
      }
    }

    private int nullGroup() {
      if (nullGroup < 0) {
        nullGroup = newGroup(0);
      }
      return nullGroup;
    }

    // hot path
    private int groupOf(long key) {
      int slot = (int) KeyHashing.hashLong(key) & mask;
      while (true) {
        int group = slotGroups[slot];
        if (group < 0) {
          group = newGroup(key);
          slotKeys[slot] = key;
          slotGroups[slot] = group;
          if (groups > maxFill) {
            rehash();
          }
          return group;
        }
        if (slotKeys[slot] == key) {
          return group;
        }
        slot = (slot + 1) & mask;
      }
    }

    private int newGroup(long key) {
      if (groups == groupKeys.length) {
        groupKeys = Arrays.copyOf(groupKeys, groups * 2);
      }
      groupKeys[groups] = key;
      return groups++;
    }

    private void rehash() {
      allocateTable(slotKeys.length * 2);
      for (int group = 0; group < groups; group++) {
        if (group == nullGroup) {
          continue;
        }
        long key = groupKeys[group];
        int slot = (int) KeyHashing.hashLong(key) & mask;
        while (slotGroups[slot] >= 0) {
          slot = (slot + 1) & mask;
        }
        slotKeys[slot] = key;
        slotGroups[slot] = group;
      }
    }

    @Override
    public int groupCount() {
      return groups;
    }

    @Override
    public void writeKeys(int from, int count, FieldVector[] targets) {
      FieldVector target = targets[0];
      var buffer = target.getDataBuffer();
      for (int i = 0; i < count; i++) {
        int group = from + i;
        if (group == nullGroup) {
          continue;
        }
        if (width == 4) {
          buffer.setInt((long) i * 4, (int) groupKeys[group]);
        } else {
          buffer.setLong((long) i * 8, groupKeys[group]);
        }
        KeyStore.setValid(target, i);
      }
    }
  }

  /** Any keys: hashes per column, then probes per row. */
  private static final class MultiColumn extends GroupByHash {
    private final KeyStore[] stores;
    private int[] slots;
    private int mask;
    private int maxFill;
    private long[] groupHashes = new long[16];
    private int groups;
    private long[] hashes = new long[0];

    /** Packs short keys into longs; null when the key types never pack. */
    private final KeyPacking packing;

    /** Packed keys to group ids, for the packing's current layout (version). */
    private long[] packedKeys;

    private int[] packedGroups;
    private int packedShift;
    private int packedCount;
    private int packedVersion = -1;
    private long[] packed = new long[0];

    MultiColumn(List<DataType> keyTypes) {
      stores = new KeyStore[keyTypes.size()];
      for (int i = 0; i < stores.length; i++) {
        stores[i] = KeyStore.create(keyTypes.get(i));
      }
      allocateTable(tableSize(16));
      packing = KeyPacking.create(keyTypes);
    }

    private void allocateTable(int size) {
      slots = new int[size];
      Arrays.fill(slots, -1);
      mask = size - 1;
      maxFill = maxFill(size);
    }

    // hot path
    @Override
    public void groupIds(FieldVector[] keys, int rowCount, int[] groupIds) {
      if (rowCount == 0) {
        return;
      }
      for (int column = 0; column < stores.length; column++) {
        stores[column].bind(keys[column]);
      }
      if (packing != null && packing.fit(keys, rowCount)) {
        packedGroupIds(keys, rowCount, groupIds);
        return;
      }
      if (hashes.length < rowCount) {
        hashes = new long[Math.max(rowCount, 1024)];
      }
      KeyHashing.hash(keys, rowCount, hashes);
      for (int row = 0; row < rowCount; row++) {
        long hash = hashes[row];
        int slot = (int) hash & mask;
        while (true) {
          int group = slots[slot];
          if (group < 0) {
            groupIds[row] = newGroup(row, hash, slot);
            break;
          }
          if (groupHashes[group] == hash && keysEqual(group, row)) {
            groupIds[row] = group;
            break;
          }
          slot = (slot + 1) & mask;
        }
      }
    }

    /**
     * Short keys: looks each row up by its packed key in a table of packed keys, which only the
     * first row of each key (in the current layout) misses; a miss finds or adds the group as the
     * general path does, from the row's hash.
     */
    // hot path
    private void packedGroupIds(FieldVector[] keys, int rowCount, int[] groupIds) {
      if (packed.length < rowCount) {
        packed = new long[Math.max(rowCount, 1024)];
      }
      packing.pack(keys, rowCount, packed);
      if (packedVersion != packing.version()) {
        packedVersion = packing.version();
        allocatePackedTable(16);
      }
      long[] packed = this.packed;
      for (int row = 0; row < rowCount; row++) {
        long key = packed[row];
        int mask = packedGroups.length - 1;
        int slot = (int) ((key * PACKED_MULTIPLIER) >>> packedShift);
        int group;
        while (true) {
          group = packedGroups[slot];
          if (group < 0) {
            group = groupOfRow(keys, row);
            addPacked(key, group, slot);
            break;
          }
          if (packedKeys[slot] == key) {
            break;
          }
          slot = (slot + 1) & mask;
        }
        groupIds[row] = group;
      }
    }

    private void allocatePackedTable(int size) {
      packedKeys = new long[size];
      packedGroups = new int[size];
      Arrays.fill(packedGroups, -1);
      packedShift = 64 - Integer.numberOfTrailingZeros(size);
      packedCount = 0;
    }

    private void addPacked(long key, int group, int slot) {
      packedKeys[slot] = key;
      packedGroups[slot] = group;
      if (++packedCount > maxFill(packedKeys.length)) {
        long[] oldKeys = packedKeys;
        int[] oldGroups = packedGroups;
        allocatePackedTable(oldKeys.length * 2);
        int mask = packedGroups.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
          if (oldGroups[i] >= 0) {
            int at = (int) ((oldKeys[i] * PACKED_MULTIPLIER) >>> packedShift);
            while (packedGroups[at] >= 0) {
              at = (at + 1) & mask;
            }
            packedKeys[at] = oldKeys[i];
            packedGroups[at] = oldGroups[i];
            packedCount++;
          }
        }
      }
    }

    /** The group of one row of the bound key vectors, added when new. */
    private int groupOfRow(FieldVector[] keys, int row) {
      long hash = KeyHashing.hashRow(keys, row);
      int slot = (int) hash & mask;
      while (true) {
        int group = slots[slot];
        if (group < 0) {
          return newGroup(row, hash, slot);
        }
        if (groupHashes[group] == hash && keysEqual(group, row)) {
          return group;
        }
        slot = (slot + 1) & mask;
      }
    }

    private boolean keysEqual(int group, int row) {
      for (KeyStore store : stores) {
        if (!store.equalsRow(group, row)) {
          return false;
        }
      }
      return true;
    }

    private int newGroup(int row, long hash, int slot) {
      int group = groups++;
      if (group == groupHashes.length) {
        groupHashes = Arrays.copyOf(groupHashes, group * 2);
      }
      groupHashes[group] = hash;
      for (KeyStore store : stores) {
        store.append(row);
      }
      slots[slot] = group;
      if (groups > maxFill) {
        rehash();
      }
      return group;
    }

    private void rehash() {
      allocateTable(slots.length * 2);
      for (int group = 0; group < groups; group++) {
        int slot = (int) groupHashes[group] & mask;
        while (slots[slot] >= 0) {
          slot = (slot + 1) & mask;
        }
        slots[slot] = group;
      }
    }

    @Override
    public int groupCount() {
      return groups;
    }

    @Override
    public void writeKeys(int from, int count, FieldVector[] targets) {
      for (int column = 0; column < stores.length; column++) {
        stores[column].write(from, count, targets[column]);
      }
    }
  }
}
