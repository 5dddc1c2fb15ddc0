package dev.featurestore.config;

import dev.featurestore.function.FeatureFunction;
import java.lang.reflect.InvocationTargetException;

/** Loads {@link FeatureFunction} classes named in configs. */
public final class FeatureFunctionLoader {
    private FeatureFunctionLoader() {
    }

    /**
     * @throws IllegalArgumentException with a message naming the class and the fix
     */
    public static FeatureFunction instantiate(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = FeatureFunctionLoader.class.getClassLoader();
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("class '" + className + "' not found on the classpath"
                    + " (check the name, and that it lives in functions/features and is built)");
        }
        if (!FeatureFunction.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("class '" + className + "' does not implement "
                    + FeatureFunction.class.getName() + " (implement it, or use sql: for a SQL function)");
        }
        try {
            return (FeatureFunction) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("class '" + className + "' has no public no-argument constructor (add one)");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("class '" + className + "' failed in its constructor: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("class '" + className + "' cannot be instantiated: " + e);
        }
    }
}
