import type { ServiceImpl } from "@polyrpc/grpc";
import type { Feature, Point, RouteGuide, RouteNote } from "@polyrpc/stubs";
import { getDistance } from "./distance.js";
import { findFeature } from "./feature-db.js";

/**
 * RouteGuide over a feature database, with the semantics of grpc's Python route_guide_server.py:
 * GetFeature answers an unnamed feature at the point when there is none; ListFeatures streams database
 * entries inside the rectangle (bounds inclusive, corners in any order) in database order; RecordRoute
 * sums haversine distances and truncates to whole metres and seconds; RouteChat replays earlier notes
 * of the same call at the same location.
 */
export function createRouteGuide(db: readonly Feature[]): ServiceImpl<typeof RouteGuide> {
  return {
    getFeature(point) {
      return findFeature(db, point) ?? { name: "", location: point };
    },

    async *listFeatures(rect) {
      const lo = rect.lo ?? { latitude: 0, longitude: 0 };
      const hi = rect.hi ?? { latitude: 0, longitude: 0 };
      const left = Math.min(lo.longitude, hi.longitude);
      const right = Math.max(lo.longitude, hi.longitude);
      const top = Math.max(lo.latitude, hi.latitude);
      const bottom = Math.min(lo.latitude, hi.latitude);
      for (const feature of db) {
        const { latitude, longitude } = feature.location ?? { latitude: 0, longitude: 0 };
        if (longitude >= left && longitude <= right && latitude >= bottom && latitude <= top) yield feature;
      }
    },

    async recordRoute(points) {
      let pointCount = 0;
      let featureCount = 0;
      let distance = 0.0;
      let prev: Point | undefined;
      const start = performance.now();
      for await (const point of points) {
        pointCount++;
        if (findFeature(db, point) !== undefined) featureCount++;
        if (prev !== undefined) distance += getDistance(prev, point);
        prev = point;
      }
      const elapsedSeconds = (performance.now() - start) / 1000;
      // int32 fields: Math.trunc is Python's int() for these non-negative values.
      return { pointCount, featureCount, distance: Math.trunc(distance), elapsedTime: Math.trunc(elapsedSeconds) };
    },

    async *routeChat(notes) {
      const prevNotes: RouteNote[] = [];
      for await (const note of notes) {
        for (const prev of prevNotes) {
          if (sameLocation(prev.location, note.location)) yield prev;
        }
        prevNotes.push(note);
      }
    },
  };
}

function sameLocation(a: Point | undefined, b: Point | undefined): boolean {
  // Python compares the submessages with ==, and reads an unset location as an all-zero Point, so an
  // unset location equals an unset one and also Point(0, 0).
  return (a?.latitude ?? 0) === (b?.latitude ?? 0) && (a?.longitude ?? 0) === (b?.longitude ?? 0);
}
