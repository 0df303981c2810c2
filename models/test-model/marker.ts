/**
 * The key that marks a test model in its config.json (`"altlens_test_model": true`): a model made for tests,
 * whose captions say nothing true about a photo. The app names such a model "… (test model)" wherever it
 * names it, so that its captions are never taken for real ones.
 */
export const TEST_MODEL_KEY = 'altlens_test_model';
