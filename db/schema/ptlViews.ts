import { savedQueryTable } from './savedQueries';

/**
 * PTL views a coordinator named and saved (issue 12): the PTL's filters, sort and page size as its
 * link's query string (`specialty=120&sort=wait&pageSize=25`, as `ptlViewSearch` writes it),
 * checked by the PTL's own filter reader when saved and again when the link is opened. Listed for
 * its owner; anyone who may open the PTL may follow its link; only its owner deletes it.
 */
export const ptlViews = savedQueryTable('ptl_views');
