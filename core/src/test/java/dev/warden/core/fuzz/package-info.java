/** Bounded, reproducible fuzzing for the tests of every module: {@link dev.warden.core.fuzz.Fuzz} and its inputs. */
package dev.warden.core.fuzz;
