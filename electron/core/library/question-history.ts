import type { QuestionAnswer } from '../../../contract/api.js';
import type { Db } from '../db/open.js';

interface Row {
  id: number;
  image_id: number;
  question: string;
  answer: string;
  model: string;
  device: string;
  stopped_at_token_limit: number;
  duration_ms: number;
  asked_at: number;
}

/** A finished answer to record: the question as asked, the cleaned answer, who made it and how long it took. */
export type NewQuestionAnswer = Omit<QuestionAnswer, 'id' | 'askedAt'>;

const toAnswer = (row: Row): QuestionAnswer => ({
  id: row.id,
  imageId: row.image_id,
  question: row.question,
  answer: row.answer,
  model: row.model,
  device: row.device,
  stoppedAtTokenLimit: row.stopped_at_token_limit === 1,
  durationMs: row.duration_ms,
  askedAt: row.asked_at,
});

/** The questions asked about each photo (Ask) and their answers, kept in the library, oldest first. */
export class QuestionHistory {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      insert: db.prepare<[number, string, string, string, string, number, number, number], Row>(
        `INSERT INTO questions (image_id, question, answer, model, device, stopped_at_token_limit, duration_ms,
           asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      ),
      ofImage: db.prepare<[number], Row>('SELECT * FROM questions WHERE image_id = ? ORDER BY id'),
    };
  }

  /** Records one finished answer and returns it as stored. */
  record(entry: NewQuestionAnswer, askedAt = Date.now()): QuestionAnswer {
    const row = this.statements.insert.get(
      entry.imageId,
      entry.question,
      entry.answer,
      entry.model,
      entry.device,
      entry.stoppedAtTokenLimit ? 1 : 0,
      Math.max(0, Math.round(entry.durationMs)),
      askedAt,
    );
    if (!row) throw new Error(`The answer about photo ${entry.imageId} could not be stored.`);
    return toAnswer(row);
  }

  /** The questions asked about one photo, oldest first. */
  of(imageId: number): QuestionAnswer[] {
    return this.statements.ofImage.all(imageId).map(toAnswer);
  }
}
