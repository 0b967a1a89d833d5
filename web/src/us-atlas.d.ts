// us-atlas ships TopoJSON files without types: the states of the United States, in longitude/latitude.
declare module 'us-atlas/states-10m.json' {
  import type { GeometryCollection, Topology } from 'topojson-specification';

  const topology: Topology<{ states: GeometryCollection; nation: GeometryCollection }>;
  export default topology;
}
