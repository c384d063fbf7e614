/**
 * Which operations a rollback can reverse, and how (see undo.ts): a stop is reversed by a
 * resume-processing start, a start by a stop. An operation missing here has no inverse, and its
 * construct refuses undoOnRollback at synth.
 */
import type { UndoRecipe } from './undo';

const UNDO_RECIPES: Readonly<Record<string, UndoRecipe>> = {};

/**
 * The recipe of an operation, or undefined when it has no inverse.
 *
 * @internal
 */
export function undoRecipeFor(resourceType: string): UndoRecipe | undefined {
  return UNDO_RECIPES[resourceType];
}
