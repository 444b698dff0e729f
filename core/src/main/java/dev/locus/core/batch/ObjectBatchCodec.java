package dev.locus.core.batch;

import static java.util.Objects.requireNonNull;

import com.esotericsoftware.kryo.kryo5.Kryo;
import com.esotericsoftware.kryo.kryo5.KryoException;
import com.esotericsoftware.kryo.kryo5.Serializer;
import com.esotericsoftware.kryo.kryo5.io.Input;
import com.esotericsoftware.kryo.kryo5.io.Output;
import com.esotericsoftware.kryo.kryo5.objenesis.strategy.StdInstantiatorStrategy;
import com.esotericsoftware.kryo.kryo5.serializers.ClosureSerializer;
import com.esotericsoftware.kryo.kryo5.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.kryo5.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.kryo5.util.Pool;
import dev.locus.core.error.ErrorCode;
import dev.locus.core.error.LocusException;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Encodes object batches ({@code List<Object>}, the batches of the typed {@code DataSet} API) to
 * bytes and back with Kryo 5, for when they cross a process. Also encodes single objects, such as a
 * plan node with the lambdas it captures.
 *
 * <p>No registration is needed: unregistered classes are written by name. Serializable lambdas go
 * through Kryo's {@link ClosureSerializer} (their capturing class must be on the reader's class
 * path), records through their canonical constructor, JDK immutable collections through their
 * factories, unmodifiable views as unmodifiable copies, and classes without a no-argument
 * constructor are made without calling one. Object references are tracked, so shared and cyclic
 * graphs survive a round trip.
 *
 * <p>Thread-safe: each call borrows a {@link Kryo} from a pool.
 *
 * <p>Format of a batch: the element count (a variable-length int), then each element as Kryo's
 * class-and-object encoding.
 */
public final class ObjectBatchCodec {
  private static final int INITIAL_BUFFER = 4096;

  private final ClassLoader classLoader;
  private final Pool<Kryo> pool;

  /** A codec that resolves classes with the thread's context class loader (or this class's). */
  public ObjectBatchCodec() {
    this(defaultClassLoader());
  }

  /** A codec that resolves the classes it reads with {@code classLoader} (a job's class loader). */
  public ObjectBatchCodec(ClassLoader classLoader) {
    this.classLoader = requireNonNull(classLoader, "classLoader is null");
    this.pool =
        new Pool<>(true, false, 16) {
          @Override
          protected Kryo create() {
            return newKryo(ObjectBatchCodec.this.classLoader);
          }
        };
  }

  private static ClassLoader defaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ObjectBatchCodec.class.getClassLoader();
  }

  @SuppressWarnings("unchecked")
  private static Kryo newKryo(ClassLoader classLoader) {
    Kryo kryo = new Kryo();
    kryo.setClassLoader(classLoader);
    kryo.setRegistrationRequired(false);
    kryo.setReferences(true);
    // One reference table per batch, not per element: reset() after each call.
    kryo.setAutoReset(false);
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    kryo.register(Object[].class);
    kryo.register(Class.class);
    kryo.register(SerializedLambda.class);
    kryo.register(ClosureSerializer.Closure.class, new ClosureSerializer());
    ImmutableCollectionsSerializers.addDefaultSerializers(kryo);
    // Kryo's collection serializer would rebuild these with add(), which they refuse.
    kryo.register(
        Collections.unmodifiableList(new ArrayList<>()).getClass(),
        new UnmodifiableSerializer<List<Object>>(
            ArrayList::new, list -> Collections.unmodifiableList((List<Object>) list)));
    kryo.register(
        Collections.unmodifiableList(new LinkedList<>()).getClass(),
        new UnmodifiableSerializer<List<Object>>(
            ArrayList::new, list -> Collections.unmodifiableList((List<Object>) list)));
    kryo.register(
        Collections.unmodifiableSet(new HashSet<>()).getClass(),
        new UnmodifiableSerializer<Set<Object>>(
            LinkedHashSet::new, set -> Collections.unmodifiableSet((Set<Object>) set)));
    kryo.register(
        Collections.unmodifiableCollection(new ArrayList<>()).getClass(),
        new UnmodifiableSerializer<Collection<Object>>(
            ArrayList::new, Collections::unmodifiableCollection));
    kryo.register(
        Collections.unmodifiableMap(new HashMap<>()).getClass(), new UnmodifiableMapSerializer());
    return kryo;
  }

  /** Writes an unmodifiable collection's elements; reads them into a copy it wraps again. */
  private static final class UnmodifiableSerializer<C extends Collection<Object>>
      extends Serializer<C> {
    private final IntFunction<Collection<Object>> copy;
    private final Function<Collection<Object>, C> wrap;

    UnmodifiableSerializer(
        IntFunction<Collection<Object>> copy, Function<Collection<Object>, C> wrap) {
      super(false, true);
      this.copy = copy;
      this.wrap = wrap;
    }

    @Override
    public void write(Kryo kryo, Output output, C collection) {
      output.writeVarInt(collection.size(), true);
      for (Object element : collection) {
        kryo.writeClassAndObject(output, element);
      }
    }

    @Override
    public C read(Kryo kryo, Input input, Class<? extends C> type) {
      int size = input.readVarInt(true);
      Collection<Object> elements = copy.apply(size);
      for (int i = 0; i < size; i++) {
        elements.add(kryo.readClassAndObject(input));
      }
      return wrap.apply(elements);
    }
  }

  private static final class UnmodifiableMapSerializer extends Serializer<Map<Object, Object>> {
    UnmodifiableMapSerializer() {
      super(false, true);
    }

    @Override
    public void write(Kryo kryo, Output output, Map<Object, Object> map) {
      output.writeVarInt(map.size(), true);
      for (Map.Entry<Object, Object> entry : map.entrySet()) {
        kryo.writeClassAndObject(output, entry.getKey());
        kryo.writeClassAndObject(output, entry.getValue());
      }
    }

    @Override
    public Map<Object, Object> read(
        Kryo kryo, Input input, Class<? extends Map<Object, Object>> type) {
      int size = input.readVarInt(true);
      Map<Object, Object> entries = new LinkedHashMap<>();
      for (int i = 0; i < size; i++) {
        Object key = kryo.readClassAndObject(input);
        entries.put(key, kryo.readClassAndObject(input));
      }
      return Collections.unmodifiableMap(entries);
    }
  }

  /** The bytes of a batch. */
  public byte[] encode(List<?> batch) {
    requireNonNull(batch, "batch is null");
    Kryo kryo = pool.obtain();
    try (Output output = new Output(INITIAL_BUFFER, -1)) {
      output.writeVarInt(batch.size(), true);
      for (Object element : batch) {
        kryo.writeClassAndObject(output, element);
      }
      return output.toBytes();
    } catch (KryoException | IllegalArgumentException e) {
      throw new LocusException(
          ErrorCode.INVALID_ARGUMENT,
          "Cannot serialize an object batch of " + batch.size() + " elements: " + e.getMessage(),
          e);
    } finally {
      kryo.reset();
      pool.free(kryo);
    }
  }

  /** The batch {@link #encode} made these bytes from; a new, mutable list. */
  public List<Object> decode(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    Kryo kryo = pool.obtain();
    try (Input input = new Input(bytes)) {
      int size = input.readVarInt(true);
      List<Object> batch = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        batch.add(kryo.readClassAndObject(input));
      }
      return batch;
    } catch (KryoException | IllegalArgumentException e) {
      throw new LocusException(
          ErrorCode.MALFORMED_INPUT,
          "Cannot read an object batch of " + bytes.length + " bytes: " + e.getMessage(),
          e);
    } finally {
      kryo.reset();
      pool.free(kryo);
    }
  }

  /** The bytes of one object (for example a plan node and its lambdas). */
  public byte[] encodeObject(Object value) {
    return encode(Collections.singletonList(value));
  }

  /** The object {@link #encodeObject} made these bytes from. */
  public Object decodeObject(byte[] bytes) {
    List<Object> batch = decode(bytes);
    if (batch.size() != 1) {
      throw new LocusException(
          ErrorCode.MALFORMED_INPUT,
          "Expected the bytes of one object; found a batch of " + batch.size());
    }
    return batch.get(0);
  }
}
