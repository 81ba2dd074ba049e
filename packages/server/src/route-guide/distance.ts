import type { Point } from "@polyrpc/stubs";

const coordFactor = 10000000.0;
// CPython's math.radians multiplies by pi/180 computed once; doing the same keeps the doubles, and so
// RecordRoute's int(distance), identical to the Python server's.
const degToRad = Math.PI / 180.0;
const earthRadiusMetres = 6371000;

/**
 * Great-circle distance in metres between two E7 points, computed exactly as grpc's Python route_guide
 * example does (haversine, atan2 form, R = 6371000 m).
 */
export function getDistance(start: Point, end: Point): number {
  const lat1 = start.latitude / coordFactor;
  const lat2 = end.latitude / coordFactor;
  const lon1 = start.longitude / coordFactor;
  const lon2 = end.longitude / coordFactor;
  const latRad1 = lat1 * degToRad;
  const latRad2 = lat2 * degToRad;
  const deltaLatRad = (lat2 - lat1) * degToRad;
  const deltaLonRad = (lon2 - lon1) * degToRad;
  const a = Math.sin(deltaLatRad / 2) ** 2 + Math.cos(latRad1) * Math.cos(latRad2) * Math.sin(deltaLonRad / 2) ** 2;
  const c = 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  return earthRadiusMetres * c;
}
