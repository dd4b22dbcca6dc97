import "server-only";
import type { Kysely } from "kysely";
import type { StoreTables } from "./schema";

/**
 * Saved schedule import profiles (migration 9), by name: the profile as JSON (checked by the
 * service before it is kept and again when read), who saved it and when.
 */
export interface StoredProfile {
  name: string;
  body: unknown;
  updatedAt: number;
  updatedBy: string;
}

export class ProfileStore {
  constructor(private readonly db: Kysely<StoreTables>) {}

  async list(): Promise<StoredProfile[]> {
    const rows = await this.db.selectFrom("import_profiles").selectAll().orderBy("name").execute();
    return rows.map(fromRow);
  }

  async get(name: string): Promise<StoredProfile | null> {
    const row = await this.db.selectFrom("import_profiles").selectAll().where("name", "=", name).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** Saves it, replacing one of the same name; true when it replaced one. */
  async put(name: string, body: unknown, at: number, by: string): Promise<boolean> {
    const had = (await this.get(name)) !== null;
    const row = { name, body: JSON.stringify(body), updated_at: at, updated_by: by };
    await this.db
      .insertInto("import_profiles")
      .values(row)
      .onConflict((oc) => oc.column("name").doUpdateSet({ body: row.body, updated_at: at, updated_by: by }))
      .execute();
    return had;
  }

  async remove(name: string): Promise<boolean> {
    const r = await this.db.deleteFrom("import_profiles").where("name", "=", name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}

function fromRow(r: { name: string; body: string; updated_at: number | string; updated_by: string }): StoredProfile {
  return { name: r.name, body: JSON.parse(r.body) as unknown, updatedAt: Number(r.updated_at), updatedBy: r.updated_by };
}
