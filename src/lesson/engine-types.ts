/** The parts of Docker Engine API replies (v1.41–v1.47) that checks read. */

export interface ImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created?: string;
  Config?: { Labels?: Record<string, string> | null } | null;
}

export interface ImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  Labels?: Record<string, string> | null;
  Created: number;
}

export interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

export interface MountPoint {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination: string;
  RW?: boolean;
}

/** One row of GET /containers/json?all=1. */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Created: number;
  State: string;
  Status?: string;
}

/** GET /containers/{id}/json. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  State: { Status: string; Running?: boolean };
  Config: { Image: string; Env?: string[] | null; Labels?: Record<string, string> | null };
  HostConfig: {
    Memory?: number;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
    PortBindings?: Record<string, PortBinding[] | null> | null;
  };
  NetworkSettings?: { Ports?: Record<string, PortBinding[] | null> | null };
  Mounts?: MountPoint[] | null;
}

/** GET /networks/{id}: Containers holds the containers attached to it (by container ID). */
export interface NetworkInspect {
  Name: string;
  Id: string;
  Driver: string;
  Containers?: Record<string, { Name: string; IPv4Address?: string }> | null;
}

/** GET /volumes/{name}. */
export interface VolumeInspect {
  Name: string;
  Driver: string;
  /** Where the local driver keeps the volume's files in the guest, e.g. /var/lib/docker/volumes/data/_data. */
  Mountpoint: string;
}

/** GET /v2/_catalog and /v2/<name>/tags/list of a registry. */
export interface RegistryCatalog {
  repositories?: string[] | null;
}

export interface RegistryTags {
  name?: string;
  tags?: string[] | null;
}
