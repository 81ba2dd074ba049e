import { readFile } from "node:fs/promises";
import { create } from "@bufbuild/protobuf";
import { FeatureSchema, type Feature } from "@polyrpc/stubs";

/**
 * grpc's route_guide_db.json (100 features), shipped in this package's dist/data/ folder: the RouteGuide
 * client reads it to pick the points of its random trip, as route_guide_client.py does. The build copies it
 * from @polyrpc/server's data/ folder (its one home in the repository; a devDependency here), so that the
 * published client carries its own copy and does not depend on the server package at run time. The path is
 * the same from src/demo/ (tests) and dist/demo/ (the package): two levels under the package root.
 */
export const featureDbUrl = new URL("../../dist/data/route_guide_db.json", import.meta.url);

/** Reads a route_guide_db.json file into Features, in file order. */
export async function readRouteGuideDatabase(url: URL = featureDbUrl): Promise<Feature[]> {
  const raw = JSON.parse(await readFile(url, "utf8")) as { name: string; location: { latitude: number; longitude: number } }[];
  return raw.map((f) => create(FeatureSchema, { name: f.name, location: { latitude: f.location.latitude, longitude: f.location.longitude } }));
}
