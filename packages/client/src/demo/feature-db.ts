import { readFile } from "node:fs/promises";
import { create } from "@bufbuild/protobuf";
import { FeatureSchema, type Feature } from "@polyrpc/stubs";

/**
 * grpc's route_guide_db.json (100 features), shipped in this package's data/ folder: the RouteGuide
 * client reads it to pick the points of its random trip, as route_guide_client.py does. A copy of
 * packages/server/data/route_guide_db.json, so that the client does not depend on the server package.
 */
export const featureDbUrl = new URL("../../data/route_guide_db.json", import.meta.url);

/** Reads a route_guide_db.json file into Features, in file order. */
export async function readRouteGuideDatabase(url: URL = featureDbUrl): Promise<Feature[]> {
  const raw = JSON.parse(await readFile(url, "utf8")) as { name: string; location: { latitude: number; longitude: number } }[];
  return raw.map((f) => create(FeatureSchema, { name: f.name, location: { latitude: f.location.latitude, longitude: f.location.longitude } }));
}
