import { useEffect, useState } from 'preact/hooks';
import { apiResponse } from '../shared/api-client';

/**
 * An object URL for the WAV at `path`, fetched with the key (an <audio src>
 * sends none), released when it changes or the page goes.
 */
export function useRecording(path: string | null, renderedAt: string | undefined): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!path) return setUrl(null);
    let objectUrl: string | null = null;
    let stopped = false;
    void apiResponse(path)
      .then((response) => response.blob())
      .then((blob) => {
        if (stopped) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => setUrl(null));
    return () => {
      stopped = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [path, renderedAt]);
  return url;
}
