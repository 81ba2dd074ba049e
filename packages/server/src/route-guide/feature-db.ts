import { readFile } from "node:fs/promises";
import { create } from "@bufbuild/protobuf";
import { FeatureSchema, type Feature, type Point } from "@polyrpc/stubs";

/** The feature database shipped with the package: grpc's route_guide_db.json (100 features). */
export const defaultFeatureDbUrl = new URL("../../data/route_guide_db.json", import.meta.url);

/** Reads a route_guide_db.json file, as grpc's route_guide_resources.read_route_guide_database does. */
export async function loadFeatureDb(url: URL = defaultFeatureDbUrl): Promise<Feature[]> {
  const raw = JSON.parse(await readFile(url, "utf8")) as { name: string; location: { latitude: number; longitude: number } }[];
  return raw.map((f) => create(FeatureSchema, { name: f.name, location: { latitude: f.location.latitude, longitude: f.location.longitude } }));
}

/**
 * The first feature at exactly `point`, or undefined: grpc's get_feature. Database entries with an empty
 * name count as features here, as they do in the Python original.
 */
export function findFeature(db: readonly Feature[], point: Point): Feature | undefined {
  return db.find((f) => f.location?.latitude === point.latitude && f.location?.longitude === point.longitude);
}
